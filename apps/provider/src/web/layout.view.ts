import { html, HtmlValue, SafeHtml } from '../../../shared/html';

export interface LayoutOptions {
  title: string;
  body: HtmlValue;
  /** Rendered above the page content, e.g. the admin navigation. */
  header?: HtmlValue;
  wide?: boolean;
  /** Reload the page every this many seconds (a `<meta>` refresh: the pages run no script). */
  refreshSeconds?: number;
}

export function layout({ title, body, header, wide, refreshSeconds }: LayoutOptions): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}" />` : ''}
        <title>${title}</title>
        <link rel="stylesheet" href="/assets/op.css" />
      </head>
      <body>
        ${header}
        <main class="${wide ? 'wide' : 'narrow'}">${body}</main>
      </body>
    </html>`;
}

export function messagePage(title: string, message: HtmlValue): SafeHtml {
  return layout({
    title,
    body: html`<h1>${title}</h1>
      <p>${message}</p>`,
  });
}

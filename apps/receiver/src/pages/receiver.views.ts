import { html, HtmlValue, SafeHtml } from '../../../shared/html';
import { SessionData } from 'express-session';

function page(appName: string, title: string, body: HtmlValue, script = false): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${appName}</title>
        <link rel="stylesheet" href="/assets/rp.css" />
      </head>
      <body data-session="${script ? 'active' : 'none'}">
        <header>${appName}</header>
        <main>${body}</main>
        ${script ? html`<script src="/assets/session-watch.js"></script>` : ''}
      </body>
    </html>`;
}

export function homeView(
  appName: string,
  user: (SessionData['user'] & { csrf: string }) | undefined,
  pollMs: number,
  notice?: string,
): SafeHtml {
  if (!user) {
    return page(
      appName,
      'Welcome',
      html`<h1>Welcome to ${appName}</h1>
        ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
        <div class="card">
          <p>You are not signed in.</p>
          <a id="login-link" class="button" href="/login">Log in</a>
        </div>`,
    );
  }
  return page(
    appName,
    'Signed in',
    html`<h1>Signed in to ${appName}</h1>
      <div class="card">
        <p>Hello <strong>${user.name ?? user.sub}</strong>.</p>
        <p id="session-status" class="status" role="status" data-poll-ms="${pollMs}">
          Session active.
        </p>
        <dl>
          <dt>sub</dt>
          <dd id="sub">${user.sub}</dd>
          <dt>sid</dt>
          <dd id="sid">${user.sid ?? '(none)'}</dd>
          <dt>issuer</dt>
          <dd>${user.iss}</dd>
        </dl>
        <form method="post" action="/logout" class="inline">
          <input type="hidden" name="_csrf" value="${user.csrf}" />
          <button id="logout-link" type="submit" class="button secondary">Log out</button>
        </form>
        <a id="login-link" class="button" href="/login" hidden>Log in again</a>
      </div>`,
    true,
  );
}

export function errorView(appName: string, title: string, message: string): SafeHtml {
  return page(
    appName,
    title,
    html`<h1>${title}</h1>
      <p class="error">${message}</p>
      <p><a href="/">Back to ${appName}</a></p>`,
  );
}

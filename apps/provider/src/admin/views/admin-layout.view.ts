import { html, HtmlValue, SafeHtml } from '../../../../shared/html';
import { csrfInput } from '../../web/form.view';
import { layout } from '../../web/layout.view';
import { AdminFlash } from '../admin-session-data';

export type AdminSection = 'clients' | 'deliveries' | 'sessions' | 'users' | 'mass-logout';

/** What every signed-in admin page shows around its content. */
export interface AdminFrame {
  csrfToken: string;
  adminUser: string;
  insecureBackchannel: boolean;
  flash?: AdminFlash;
}

const SECTIONS: Array<[AdminSection, string, string]> = [
  ['clients', 'Clients', '/admin/clients'],
  ['deliveries', 'Deliveries', '/admin/deliveries'],
  ['sessions', 'Sessions', '/admin/sessions'],
  ['users', 'Users', '/admin/users'],
  ['mass-logout', 'Mass logout', '/admin/mass-logout'],
];

/** A one-button POST form for an action on a table row. */
export function postButton(
  frame: AdminFrame,
  action: string,
  label: string,
  buttonClass = 'small',
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">
    ${csrfInput(frame.csrfToken)}<button type="submit" class="${buttonClass}">${label}</button>
  </form>`;
}

/** A table's rows, or one muted row saying there are none. */
export function rowsOrNone(rows: SafeHtml[], columns: number, none: string): HtmlValue {
  return rows.length
    ? rows
    : html`<tr>
        <td colspan="${columns}" class="muted">${none}</td>
      </tr>`;
}

export function adminPage(
  frame: AdminFrame,
  section: AdminSection,
  title: string,
  body: HtmlValue,
  refreshSeconds?: number,
): SafeHtml {
  const nav = html`<nav class="top">
    <span class="brand">Provider admin</span>
    ${SECTIONS.map(
      ([key, label, href]) =>
        html`<a href="${href}" class="${key === section ? 'active' : ''}">${label}</a>`,
    )}
    <a href="/admin/queues/">Queues</a>
    <form method="post" action="/admin/logout" class="inline">
      ${csrfInput(frame.csrfToken)}
      <span class="muted">${frame.adminUser}</span>
      <button type="submit" class="secondary small">Sign out</button>
    </form>
  </nav>`;
  const banner = frame.insecureBackchannel
    ? html`<div class="banner" role="note" id="insecure-banner">
        Development switch on: back-channel logout URIs may use <code>http</code> and
        private-network addresses (ALLOW_INSECURE_BACKCHANNEL). Turn it off in production.
      </div>`
    : '';
  const flash = frame.flash
    ? html`<div class="notice ${frame.flash.kind === 'bad' ? 'bad' : ''}" role="status" id="flash">
        ${frame.flash.text}
        ${
          frame.flash.secret
            ? html`<p>New client secret (shown once, copy it now):</p>
                <p class="secret" id="new-secret">${frame.flash.secret}</p>`
            : ''
        }
      </div>`
    : '';
  return layout({
    title: `${title} · Provider admin`,
    header: html`${nav}${banner}`,
    body: html`${flash}${body}`,
    wide: true,
    refreshSeconds,
  });
}

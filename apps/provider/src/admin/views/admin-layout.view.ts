import { html, HtmlValue, SafeHtml } from '../../../../shared/html';
import { CSRF_FIELD } from '../../web/csrf.service';
import { layout } from '../../web/layout.view';
import { AdminFlash } from '../admin-session-data';

export type AdminSection = 'clients' | 'deliveries' | 'sessions' | 'users';

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
];

/** A hidden CSRF field for a form of this page. */
export const csrfInput = (token: string) =>
  html`<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`;

export function adminPage(
  frame: AdminFrame,
  section: AdminSection,
  title: string,
  body: HtmlValue,
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
  });
}

import { html, SafeHtml } from '../../../../shared/html';
import { OidcClient } from '../../clients/oidc-client.entity';
import { AdminFrame, adminPage, postButton, rowsOrNone } from './admin-layout.view';

export function clientsView(frame: AdminFrame, clients: OidcClient[]): SafeHtml {
  const rows = clients.map(
    (c) =>
      html`<tr data-client="${c.clientId}">
        <td>
          <a href="/admin/clients/${encodeURIComponent(c.clientId)}"><code>${c.clientId}</code></a>
          ${c.clientName ? html`<div class="muted">${c.clientName}</div>` : ''}
        </td>
        <td>${c.redirectUris.map((u) => html`<div><code>${u}</code></div>`)}</td>
        <td>
          ${c.backchannelLogoutUri ? html`<code>${c.backchannelLogoutUri}</code>` : html`<span class="muted">none</span>`}
        </td>
        <td>${c.backchannelLogoutSessionRequired ? 'yes' : 'no'}</td>
        <td>${c.active ? 'active' : html`<span class="error">inactive</span>`}</td>
        <td class="actions">
          <a class="button secondary small" href="/admin/clients/${encodeURIComponent(c.clientId)}"
            >Edit</a
          >
          ${
            c.backchannelLogoutUri
              ? postButton(
                  frame,
                  `/admin/clients/${encodeURIComponent(c.clientId)}/test-logout`,
                  'Send test logout',
                )
              : ''
          }
        </td>
      </tr>`,
  );
  return adminPage(
    frame,
    'clients',
    'Clients',
    html`<h1>Clients</h1>
      <p><a class="button" href="/admin/clients/new">New client</a></p>
      <table>
        <thead>
          <tr>
            <th>Client</th>
            <th>Redirect URIs</th>
            <th>Back-channel logout URI</th>
            <th>Session required</th>
            <th>State</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rowsOrNone(rows, 6, 'No clients yet.')}
        </tbody>
      </table>`,
  );
}

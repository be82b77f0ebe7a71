import type { RpHealthRecord } from 'nestjs-backchannel-logout';
import { html, SafeHtml } from '../../../../shared/html';
import { OidcClient } from '../../clients/oidc-client.entity';
import { AdminFrame, adminPage, postButton, rowsOrNone } from './admin-layout.view';
import { formatTime } from './format.util';

/** Issue #9: healthy / degraded / paused, since when, and the last error (`null` health: Redis down). */
function healthCell(record: RpHealthRecord | undefined, known: boolean): SafeHtml {
  if (!known) return html`<td data-health="unknown"><span class="muted">unknown</span></td>`;
  if (!record) return html`<td data-health="healthy">healthy</td>`;
  const label =
    record.state === 'healthy' ? record.state : html`<span class="error">${record.state}</span>`;
  return html`<td data-health="${record.state}">
    ${label}
    <div class="muted">since ${formatTime(record.since)} UTC</div>
    ${
      record.lastError
        ? html`<div class="muted" data-last-error>
            last error ${formatTime(record.lastErrorAt)}: <code>${record.lastError}</code>
          </div>`
        : ''
    }
  </td>`;
}

export function clientsView(
  frame: AdminFrame,
  clients: OidcClient[],
  health: RpHealthRecord[] | null,
): SafeHtml {
  const byClient = new Map((health ?? []).map((r) => [r.clientId, r]));
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
        ${healthCell(byClient.get(c.clientId), health !== null)}
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
          ${
            byClient.get(c.clientId)?.state === 'paused' ||
            byClient.get(c.clientId)?.state === 'degraded'
              ? postButton(
                  frame,
                  `/admin/clients/${encodeURIComponent(c.clientId)}/resume`,
                  'Resume',
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
            <th>Back-channel health</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rowsOrNone(rows, 7, 'No clients yet.')}
        </tbody>
      </table>`,
  );
}

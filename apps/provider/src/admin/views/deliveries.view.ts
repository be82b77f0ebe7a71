import { LogoutDeliveryPage, LogoutDeliveryStatus } from 'nestjs-backchannel-logout/provider';
import { html, SafeHtml } from '../../../../shared/html';
import { AdminFrame, adminPage, postButton, rowsOrNone } from './admin-layout.view';
import { formatTime, short } from './format.util';

export const DELIVERY_STATUSES: LogoutDeliveryStatus[] = [
  'pending',
  'queued',
  'retrying',
  'paused',
  'delivered',
  'unconfirmed',
  'failed',
];

export interface DeliveriesFilter {
  client?: string;
  status?: LogoutDeliveryStatus;
}

function pageLink(filter: DeliveriesFilter, page: number): string {
  const q = new URLSearchParams();
  if (filter.client) q.set('client', filter.client);
  if (filter.status) q.set('status', filter.status);
  q.set('page', String(page));
  return `/admin/deliveries?${q.toString()}`;
}

export function deliveriesView(
  frame: AdminFrame,
  result: LogoutDeliveryPage,
  filter: DeliveriesFilter,
  clientIds: string[],
): SafeHtml {
  const rows = result.items.map(
    (d) =>
      html`<tr data-delivery="${d.id}" data-client="${d.clientId}" data-status="${d.status}">
        <td>${formatTime(d.createdAt)}</td>
        <td><code>${d.clientId}</code></td>
        <td><span class="status status-${d.status}">${d.status}</span></td>
        <td>${d.attempts}</td>
        <td>${d.lastHttpStatus ?? ''}</td>
        <td>
          ${
            d.errorCode
              ? html`<code>${d.errorCode}</code>
                  <div class="muted">${d.errorMessage ?? ''}</div>`
              : ''
          }
        </td>
        <td>
          <div>sub <code>${short(d.sub)}</code></div>
          <div>sid <code>${short(d.sid)}</code></div>
        </td>
        <td>
          ${d.reason ?? ''}${d.initiatingClientId ? html`<div class="muted">from ${d.initiatingClientId}</div>` : ''}
        </td>
        <td>
          ${
            d.status === 'failed'
              ? postButton(frame, `/admin/deliveries/${encodeURIComponent(d.id)}/retry`, 'Retry')
              : ''
          }
        </td>
      </tr>`,
  );
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return adminPage(
    frame,
    'deliveries',
    'Deliveries',
    html`<h1>Back-channel deliveries</h1>
      <form method="get" action="/admin/deliveries" class="filters">
        <div>
          <label for="filter-client">Client</label><br />
          <select id="filter-client" name="client">
            <option value="">All clients</option>
            ${clientIds.map((id) => html`<option value="${id}" ${id === filter.client ? 'selected' : ''}>${id}</option>`)}
          </select>
        </div>
        <div>
          <label for="filter-status">Status</label><br />
          <select id="filter-status" name="status">
            <option value="">Any status</option>
            ${DELIVERY_STATUSES.map((s) => html`<option value="${s}" ${s === filter.status ? 'selected' : ''}>${s}</option>`)}
          </select>
        </div>
        <button type="submit" class="secondary">Filter</button>
      </form>
      <table id="deliveries">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Client</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last HTTP</th>
            <th>Error</th>
            <th>Subject</th>
            <th>Reason</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rowsOrNone(rows, 9, 'No deliveries match.')}
        </tbody>
      </table>
      <p class="muted">
        ${result.total} deliver${result.total === 1 ? 'y' : 'ies'}, page ${result.page} of ${pages}
        ${result.page > 1 ? html` · <a href="${pageLink(filter, result.page - 1)}">newer</a>` : ''}
        ${result.page < pages ? html` · <a href="${pageLink(filter, result.page + 1)}">older</a>` : ''}
      </p>`,
  );
}

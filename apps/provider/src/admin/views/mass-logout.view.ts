import type { MassLogoutProgress } from 'nestjs-backchannel-logout/provider';
import { html, SafeHtml } from '../../../../shared/html';
import { AdminFrame, adminPage, postButton, rowsOrNone } from './admin-layout.view';
import { formatTime, short } from './format.util';

/** While a run is in progress the page reloads itself this often. */
const REFRESH_SECONDS = 2;

/** What a run ends, in words. */
export function scopeText(run: Pick<MassLogoutProgress, 'scope' | 'clientId'>): SafeHtml {
  return run.scope === 'client'
    ? html`every session of <code>${run.clientId}</code>`
    : html`every session of every user`;
}

function progressBar(run: MassLogoutProgress): SafeHtml {
  // The total is only known at the end (sessions are paged, never counted up front).
  return run.status === 'running' && run.sessionsSeen === 0
    ? html`<progress aria-label="waiting for the first batch"></progress>`
    : html`<progress
        value="${run.sessionsEnded}"
        max="${Math.max(run.sessionsSeen, 1)}"
      ></progress>`;
}

function runRow(frame: AdminFrame, run: MassLogoutProgress): SafeHtml {
  return html`<tr data-run="${run.id}" data-status="${run.status}">
    <td><code title="${run.id}">${short(run.id, 8)}</code></td>
    <td>${scopeText(run)}</td>
    <td class="status">
      ${run.status}${run.error ? html`<div class="muted">${run.error}</div>` : ''}
    </td>
    <td>
      ${progressBar(run)}
      <div>
        <span class="sessions-ended">${run.sessionsEnded}</span> /
        <span class="sessions-seen">${run.sessionsSeen}</span> sessions ended
      </div>
    </td>
    <td class="deliveries">${run.deliveriesEnqueued}</td>
    <td class="rate">
      ${run.sessionsPerSecond} sessions/s · ${run.deliveriesPerSecond} deliveries/s
    </td>
    <td>${formatTime(run.startedAt)}</td>
    <td>${formatTime(run.finishedAt ?? run.updatedAt)}</td>
    <td class="actions">
      ${
        run.status === 'failed'
          ? postButton(frame, `/admin/mass-logout/${encodeURIComponent(run.id)}/resume`, 'Resume')
          : ''
      }
    </td>
  </tr>`;
}

/** The start forms (each leads to a confirmation page) and the runs with their progress. */
export function massLogoutView(
  frame: AdminFrame,
  clientIds: string[],
  runs: MassLogoutProgress[],
): SafeHtml {
  const running = runs.some((run) => run.status === 'running');
  return adminPage(
    frame,
    'mass-logout',
    'Mass logout',
    html`<h1>Mass logout</h1>
      <p class="muted">
        Ends sessions in batches through the delivery outbox: every application of every ended
        session is notified by back-channel logout, as for a single logout. A run survives a restart
        and continues where it stopped.
      </p>
      <form method="get" action="/admin/mass-logout/confirm" id="start-client">
        <input type="hidden" name="scope" value="client" />
        <label
          >Every session of client
          <select name="client_id" required>
            ${clientIds.map((id) => html`<option value="${id}">${id}</option>`)}
          </select>
        </label>
        <button type="submit" class="danger">Continue…</button>
        <span class="muted">for a compromised or retired application</span>
      </form>
      <form method="get" action="/admin/mass-logout/confirm" id="start-all">
        <input type="hidden" name="scope" value="all" />
        <button type="submit" class="danger">Every session of every user…</button>
        <span class="muted">after a signing key or session store compromise</span>
      </form>
      <h2>Runs</h2>
      ${
        running
          ? html`<p class="muted" id="refreshing">
              This page reloads every ${REFRESH_SECONDS} s while a run is in progress.
            </p>`
          : ''
      }
      <table id="runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Ends</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Deliveries enqueued</th>
            <th>Rate</th>
            <th>Started (UTC)</th>
            <th>Last batch</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rowsOrNone(
            runs.map((run) => runRow(frame, run)),
            9,
            'No mass logout yet.',
          )}
        </tbody>
      </table>`,
    running ? REFRESH_SECONDS : undefined,
  );
}

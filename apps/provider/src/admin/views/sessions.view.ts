import { html, SafeHtml } from '../../../../shared/html';
import { AdminFrame, adminPage, postButton, rowsOrNone } from './admin-layout.view';
import { formatTime, short } from './format.util';

export interface SessionRow {
  sid: string;
  username: string;
  userId: string;
  createdAt: Date;
  authTime: Date;
  clientIds: string[];
  /** Last recorded use (exact to within the touch interval) and when the session expires, if it does. */
  lastActiveAt: Date | null;
  expiresAt: Date | null;
}

/** The configured server-side lifetimes, in seconds (`null`: no limit). */
export interface LifetimeSummary {
  idleSeconds: number | null;
  absoluteSeconds: number | null;
}

function duration(seconds: number | null): string {
  if (seconds === null) return 'none';
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function sessionsView(
  frame: AdminFrame,
  sessions: SessionRow[],
  lifetime: LifetimeSummary,
): SafeHtml {
  const rows = sessions.map(
    (s) =>
      html`<tr data-sid="${s.sid}" data-user="${s.username}">
        <td>${s.username}</td>
        <td><code title="${s.sid}">${short(s.sid, 16)}</code></td>
        <td>${formatTime(s.createdAt)}</td>
        <td>${formatTime(s.lastActiveAt)}</td>
        <td class="expires">
          ${s.expiresAt ? formatTime(s.expiresAt) : html`<span class="muted">never</span>`}
        </td>
        <td>
          ${s.clientIds.length ? s.clientIds.map((c) => html`<div><code>${c}</code></div>`) : html`<span class="muted">none yet</span>`}
        </td>
        <td class="actions">
          ${postButton(
            frame,
            `/admin/sessions/${encodeURIComponent(s.sid)}/end`,
            'End session',
            'small danger',
          )}
          ${postButton(
            frame,
            `/admin/users/${encodeURIComponent(s.userId)}/end-sessions`,
            `End all of ${s.username}'s sessions`,
            'small secondary',
          )}
        </td>
      </tr>`,
  );
  return adminPage(
    frame,
    'sessions',
    'Sessions',
    html`<h1>Active OP sessions</h1>
      <p class="muted">
        Ending a session notifies every application of that session through back-channel logout.
      </p>
      <p id="session-lifetimes">
        Idle timeout:
        <strong data-idle="${lifetime.idleSeconds ?? ''}">${duration(lifetime.idleSeconds)}</strong>
        · Absolute lifetime:
        <strong data-absolute="${lifetime.absoluteSeconds ?? ''}"
          >${duration(lifetime.absoluteSeconds)}</strong
        >
        <span class="muted">
          (SESSION_IDLE_TIMEOUT_SECONDS, SESSION_MAX_LIFETIME_SECONDS). An expired session ends like
          a logout: its applications are notified.
        </span>
      </p>
      <table id="sessions">
        <thead>
          <tr>
            <th>User</th>
            <th>sid</th>
            <th>Started (UTC)</th>
            <th>Last active</th>
            <th>Expires</th>
            <th>Applications</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rowsOrNone(rows, 7, 'No active sessions.')}
        </tbody>
      </table>`,
  );
}

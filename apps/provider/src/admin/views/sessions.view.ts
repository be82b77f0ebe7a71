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
}

export function sessionsView(frame: AdminFrame, sessions: SessionRow[]): SafeHtml {
  const rows = sessions.map(
    (s) =>
      html`<tr data-sid="${s.sid}" data-user="${s.username}">
        <td>${s.username}</td>
        <td><code title="${s.sid}">${short(s.sid, 16)}</code></td>
        <td>${formatTime(s.createdAt)}</td>
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
      <table id="sessions">
        <thead>
          <tr>
            <th>User</th>
            <th>sid</th>
            <th>Started (UTC)</th>
            <th>Applications</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rowsOrNone(rows, 5, 'No active sessions.')}
        </tbody>
      </table>`,
  );
}

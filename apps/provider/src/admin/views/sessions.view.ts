import { html, SafeHtml } from '../../../../shared/html';
import { AdminFrame, adminPage, csrfInput } from './admin-layout.view';
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
          <form
            method="post"
            action="/admin/sessions/${encodeURIComponent(s.sid)}/end"
            class="inline"
          >
            ${csrfInput(frame.csrfToken)}<button type="submit" class="small danger">
              End session
            </button>
          </form>
          <form
            method="post"
            action="/admin/users/${encodeURIComponent(s.userId)}/end-sessions"
            class="inline"
          >
            ${csrfInput(frame.csrfToken)}<button type="submit" class="small secondary">
              End all of ${s.username}'s sessions
            </button>
          </form>
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
          ${
            rows.length
              ? rows
              : html`<tr>
                  <td colspan="5" class="muted">No active sessions.</td>
                </tr>`
          }
        </tbody>
      </table>`,
  );
}

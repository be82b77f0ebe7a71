import { html, SafeHtml } from '../../../../shared/html';
import { OidcUser } from '../../users/oidc-user.entity';
import { csrfInput } from '../../web/form.view';
import { AdminFrame, adminPage, postButton } from './admin-layout.view';

export interface UserRow {
  user: OidcUser;
  activeSessions: number;
}

export function usersView(frame: AdminFrame, users: UserRow[]): SafeHtml {
  const action = (id: string, path: string, label: string, cls: string) =>
    postButton(frame, `/admin/users/${encodeURIComponent(id)}/${path}`, label, `small ${cls}`);
  const rows = users.map(
    ({ user, activeSessions }) =>
      html`<tr data-user="${user.username}">
        <td>${user.username}</td>
        <td>
          ${user.name}
          <div class="muted">${user.email}</div>
        </td>
        <td><code>${user.id}</code></td>
        <td>
          ${user.disabled ? html`<span class="status status-failed">disabled</span>` : html`<span class="status status-delivered">active</span>`}
        </td>
        <td>${activeSessions}</td>
        <td class="actions">
          ${activeSessions > 0 ? action(user.id, 'end-sessions', 'End all sessions', 'secondary') : ''}
          ${user.disabled ? action(user.id, 'enable', 'Enable', 'secondary') : action(user.id, 'disable', 'Disable', 'danger')}
          ${action(user.id, 'delete', 'Delete', 'danger')}
          <form
            method="post"
            action="/admin/users/${encodeURIComponent(user.id)}/reset-password"
            class="inline reset-password"
          >
            ${csrfInput(frame.csrfToken)}
            <input
              type="password"
              name="password"
              minlength="12"
              required
              autocomplete="new-password"
              aria-label="New password for ${user.username}"
              placeholder="new password"
            />
            <button type="submit" class="small secondary">Reset password</button>
          </form>
        </td>
      </tr>`,
  );
  return adminPage(
    frame,
    'users',
    'Users',
    html`<h1>Users</h1>
      <p class="muted">
        Disabling or deleting a user, resetting their password, or ending all their sessions ends
        their sessions everywhere (a logout token with their <code>sub</code> to every application).
      </p>
      <table id="users">
        <thead>
          <tr>
            <th>Username</th>
            <th>Name</th>
            <th>sub</th>
            <th>State</th>
            <th>Active sessions</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>`,
  );
}

import { html, SafeHtml } from '../../../../shared/html';
import { csrfInput } from '../../web/form.view';
import { layout } from '../../web/layout.view';

export function adminLoginView(csrfToken: string, error?: string): SafeHtml {
  return layout({
    title: 'Provider admin · Sign in',
    body: html`<h1>Provider administration</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/admin/login" class="card">
        ${csrfInput(csrfToken)}
        <label for="admin-username">Admin user</label>
        <input
          id="admin-username"
          name="username"
          type="text"
          autocomplete="username"
          required
          autofocus
        />
        <label for="admin-password">Password</label>
        <input
          id="admin-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <button type="submit">Sign in</button>
      </form>`,
  });
}

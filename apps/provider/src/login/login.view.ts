import { html, SafeHtml } from '../../../shared/html';
import { csrfInput, hiddenInput } from '../web/form.view';
import { layout } from '../web/layout.view';

export interface LoginViewModel {
  csrfToken: string;
  returnTo: string;
  username?: string;
  error?: string;
}

/** The sign-in form: one text input, one password input, hidden CSRF token and return path. No script. */
export function loginView(model: LoginViewModel): SafeHtml {
  return layout({
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
      <p class="muted">Sign in to continue to the application.</p>
      ${model.error ? html`<p class="error" role="alert">${model.error}</p>` : ''}
      <form method="post" action="/login" class="card">
        ${csrfInput(model.csrfToken)} ${hiddenInput('return_to', model.returnTo)}
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          required
          autofocus
          value="${model.username ?? ''}"
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <button type="submit">Sign in</button>
      </form>`,
  });
}

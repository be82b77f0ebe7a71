import { html, SafeHtml } from '../../../shared/html';
import { csrfInput, hiddenInput } from '../web/form.view';
import { layout } from '../web/layout.view';
import { EndSessionParams } from './end-session.plan';

/** RPIL §2/§6: the explicit question asked when the request has no valid hint for this session. */
export function confirmLogoutView(
  params: EndSessionParams,
  csrfToken: string,
  clientName?: string,
): SafeHtml {
  return layout({
    title: 'Sign out?',
    body: html`<h1>Sign out?</h1>
      <p>
        ${clientName ? html`<strong>${clientName}</strong> asks to sign you out.` : 'A sign-out was requested.'}
        Do you want to sign out of the identity provider and every application you used with it?
      </p>
      <form method="post" action="/end-session/confirm" class="card">
        ${csrfInput(csrfToken)} ${hiddenInput('id_token_hint', params.id_token_hint)}
        ${hiddenInput('client_id', params.client_id)}
        ${hiddenInput('post_logout_redirect_uri', params.post_logout_redirect_uri)}
        ${hiddenInput('state', params.state)}
        <button type="submit" name="logout" value="yes">Yes, sign me out</button>
        <button type="submit" name="logout" value="no" class="secondary">No, stay signed in</button>
      </form>`,
  });
}

export function signedOutView(): SafeHtml {
  return layout({
    title: 'Signed out',
    body: html`<h1>You are signed out</h1>
      <p>You are signed out of the identity provider and the applications you used with it.</p>`,
  });
}

export function stillSignedInView(): SafeHtml {
  return layout({
    title: 'Still signed in',
    body: html`<h1>You are still signed in</h1>
      <p>Nothing was changed.</p>`,
  });
}

export function logoutErrorView(message: string): SafeHtml {
  return layout({
    title: 'Cannot sign out',
    body: html`<h1>Cannot sign out</h1>
      <p class="error">${message}</p>`,
  });
}

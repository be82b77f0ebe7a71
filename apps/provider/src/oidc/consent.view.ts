import { html, SafeHtml } from '../../../shared/html';
import { csrfInput, hiddenInput } from '../web/form.view';
import { layout } from '../web/layout.view';
import { AuthorizeRequest } from './authorize-request';

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Sign you in with your account',
  profile: 'Read your name and username',
  email: 'Read your email address',
  offline_access: 'Keep access after you sign out here (offline access), until you revoke it',
};

/**
 * OIDC Core §3.1.2.4 / §11: the consent page shown for `prompt=consent`. The request travels in
 * hidden fields and is validated again when the form comes back.
 */
export function consentView(request: AuthorizeRequest, csrfToken: string): SafeHtml {
  const scopes = request.scope.split(' ');
  return layout({
    title: 'Allow access',
    body: html`<h1>Allow access?</h1>
      <p>The application <strong>${request.clientId}</strong> asks to:</p>
      <ul id="consent-scopes">
        ${scopes.map((s) => html`<li data-scope="${s}">${SCOPE_TEXT[s] ?? s}</li>`)}
      </ul>
      <form method="post" action="/authorize/consent" class="card">
        ${csrfInput(csrfToken)} ${hiddenInput('client_id', request.clientId)}
        ${hiddenInput('redirect_uri', request.redirectUri)} ${hiddenInput('response_type', 'code')}
        ${hiddenInput('scope', request.scope)} ${hiddenInput('state', request.state)}
        ${hiddenInput('nonce', request.nonce)}
        ${hiddenInput('code_challenge', request.codeChallenge)}
        ${hiddenInput('code_challenge_method', 'S256')}
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
      </form>`,
  });
}

import type { MassLogoutScope } from 'nestjs-backchannel-logout/provider';
import { html, SafeHtml } from '../../../../shared/html';
import { csrfInput, hiddenInput } from '../../web/form.view';
import { AdminFrame, adminPage } from './admin-layout.view';
import { scopeText } from './mass-logout.view';

/** The confirmation step: nothing starts until this form is posted. */
export function massLogoutConfirmView(frame: AdminFrame, scope: MassLogoutScope): SafeHtml {
  const clientId = scope.scope === 'client' ? scope.clientId : null;
  return adminPage(
    frame,
    'mass-logout',
    'Confirm mass logout',
    html`<h1>End ${scopeText({ scope: scope.scope, clientId })}?</h1>
      <p>
        ${
          scope.scope === 'client'
            ? html`Every OP session in which <code>${clientId}</code> took part ends, and every
                application of those sessions is notified.`
            : html`Every user is signed out everywhere, including you in the applications; every
              application is notified.`
        }
        This cannot be undone.
      </p>
      <form method="post" action="/admin/mass-logout" id="confirm-mass-logout">
        ${csrfInput(frame.csrfToken)}
        <input type="hidden" name="scope" value="${scope.scope}" />
        ${hiddenInput('client_id', clientId ?? undefined)}
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" class="danger">Yes, end these sessions</button>
        <a href="/admin/mass-logout">Cancel</a>
      </form>`,
  );
}

import { html, SafeHtml } from '../../../../shared/html';
import { ClientField } from '../../clients/client-metadata';
import { ClientFormErrors, ClientFormValues } from '../client-form';
import { csrfInput } from '../../web/form.view';
import { AdminFrame, adminPage } from './admin-layout.view';

export interface ClientFormModel {
  mode: 'create' | 'edit';
  values: ClientFormValues;
  errors: ClientFormErrors;
}

function field(
  model: ClientFormModel,
  name: ClientField,
  label: string,
  control: (describedBy: string) => SafeHtml,
  hint?: string,
): SafeHtml {
  const errors = model.errors[name] ?? [];
  const describedBy = [hint ? `${name}-hint` : '', errors.length ? `${name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field ${errors.length ? 'invalid' : ''}">
    <label for="${name}">${label}</label>
    ${control(describedBy)} ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
    ${
      errors.length
        ? html`<div class="field-error" id="${name}-error" role="alert">
            ${errors.map((m) => html`<p>${m}</p>`)}
          </div>`
        : ''
    }
  </div>`;
}

export function clientFormView(frame: AdminFrame, model: ClientFormModel): SafeHtml {
  const v = model.values;
  const editing = model.mode === 'edit';
  const action = editing ? `/admin/clients/${encodeURIComponent(v.client_id)}` : '/admin/clients';
  const title = editing ? `Client ${v.client_id}` : 'New client';
  const hasErrors = Object.keys(model.errors).length > 0;
  return adminPage(
    frame,
    'clients',
    title,
    html`<h1>${title}</h1>
      ${hasErrors ? html`<p class="notice bad" role="alert">Nothing was saved: fix the fields marked below.</p>` : ''}
      <form method="post" action="${action}" class="card" novalidate>
        ${csrfInput(frame.csrfToken)}
        ${field(model, 'client_id', 'Client ID', (d) =>
          editing
            ? html`<input
                id="client_id"
                type="text"
                value="${v.client_id}"
                readonly
                aria-describedby="${d}"
              />`
            : html`<input
                id="client_id"
                name="client_id"
                type="text"
                value="${v.client_id}"
                required
                aria-describedby="${d}"
              />`,
        )}
        ${field(model, 'client_name', 'Name', (d) => html`<input id="client_name" name="client_name" type="text" value="${v.client_name}" aria-describedby="${d}" />`)}
        ${field(
          model,
          'redirect_uris',
          'Redirect URIs',
          (d) =>
            html`<textarea id="redirect_uris" name="redirect_uris" aria-describedby="${d}">
${v.redirect_uris}</textarea>`,
          'One per line; matched exactly.',
        )}
        ${field(
          model,
          'post_logout_redirect_uris',
          'Post-logout redirect URIs',
          (d) =>
            html`<textarea
              id="post_logout_redirect_uris"
              name="post_logout_redirect_uris"
              aria-describedby="${d}"
            >
${v.post_logout_redirect_uris}</textarea>`,
          'One per line; where end_session may send the user back (exact match, with a valid id_token_hint).',
        )}
        ${field(
          model,
          'backchannel_logout_uri',
          'Back-channel logout URI',
          (d) =>
            html`<input
              id="backchannel_logout_uri"
              name="backchannel_logout_uri"
              type="text"
              value="${v.backchannel_logout_uri}"
              aria-describedby="${d}"
            />`,
          'Absolute https URL without a fragment; a query is kept. Empty: no back-channel logout.',
        )}
        ${field(
          model,
          'backchannel_logout_session_required',
          'Session required',
          (d) =>
            html`<div>
              <input
                id="backchannel_logout_session_required"
                name="backchannel_logout_session_required"
                type="checkbox"
                ${v.backchannel_logout_session_required ? 'checked' : ''}
                aria-describedby="${d}"
              />
              <span>The RP needs <code>sid</code> in its logout tokens</span>
            </div>`,
        )}
        ${
          editing
            ? html`<div class="field">
                <label for="active">Active</label>
                <input id="active" name="active" type="checkbox" ${v.active ? 'checked' : ''} />
                <span>Inactive clients cannot sign in and get no logout tokens</span>
              </div>`
            : ''
        }
        <button type="submit">${editing ? 'Save' : 'Create client'}</button>
        <a class="button secondary" href="/admin/clients">Cancel</a>
      </form>
      ${
        editing
          ? html`<h2>Client secret</h2>
              <form method="post" action="${action}/rotate-secret" class="card">
                ${csrfInput(frame.csrfToken)}
                <p>Rotating issues a new secret at once; the old one stops working.</p>
                <button type="submit" class="danger">Rotate secret</button>
              </form>`
          : ''
      }`,
  );
}

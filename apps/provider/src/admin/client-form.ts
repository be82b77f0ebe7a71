import { ClientField, ClientFieldError } from '../clients/client-metadata';
import { OidcClient } from '../clients/oidc-client.entity';
import { readParam } from '../web/request-params';

/** The admin client form as typed by the admin (text areas hold one URI per line). */
export interface ClientFormValues {
  client_id: string;
  client_name: string;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  backchannel_logout_uri: string;
  backchannel_logout_session_required: boolean;
  active: boolean;
}

export type ClientFormErrors = Partial<Record<ClientField, string[]>>;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function emptyClientForm(): ClientFormValues {
  return {
    client_id: '',
    client_name: '',
    redirect_uris: '',
    post_logout_redirect_uris: '',
    backchannel_logout_uri: '',
    backchannel_logout_session_required: false,
    active: true,
  };
}

export function clientFormFromEntity(client: OidcClient): ClientFormValues {
  return {
    client_id: client.clientId,
    client_name: client.clientName ?? '',
    redirect_uris: client.redirectUris.join('\n'),
    post_logout_redirect_uris: client.postLogoutRedirectUris.join('\n'),
    backchannel_logout_uri: client.backchannelLogoutUri ?? '',
    backchannel_logout_session_required: client.backchannelLogoutSessionRequired,
    active: client.active,
  };
}

/** Reads the posted form; checkboxes are present ("on") or absent. */
export function clientFormFromBody(body: unknown, clientId?: string): ClientFormValues {
  const text = (name: string) => readParam(body, name) ?? '';
  return {
    client_id: clientId ?? text('client_id').trim(),
    client_name: text('client_name').trim(),
    redirect_uris: text('redirect_uris'),
    post_logout_redirect_uris: text('post_logout_redirect_uris'),
    backchannel_logout_uri: text('backchannel_logout_uri').trim(),
    backchannel_logout_session_required:
      readParam(body, 'backchannel_logout_session_required') !== undefined,
    active: readParam(body, 'active') !== undefined,
  };
}

/** The RFC 7591 metadata the shared validator checks (the same rules as CLIENTS_FILE). */
export function clientMetadataFromForm(form: ClientFormValues): Record<string, unknown> {
  return {
    client_id: form.client_id,
    client_name: form.client_name || null,
    redirect_uris: lines(form.redirect_uris),
    post_logout_redirect_uris: lines(form.post_logout_redirect_uris),
    backchannel_logout_uri: form.backchannel_logout_uri || null,
    backchannel_logout_session_required: form.backchannel_logout_session_required,
  };
}

export function groupErrors(errors: ClientFieldError[]): ClientFormErrors {
  const grouped: ClientFormErrors = {};
  for (const e of errors) (grouped[e.field] ??= []).push(e.message);
  return grouped;
}

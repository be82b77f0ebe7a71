import {
  ClientFieldError,
  ClientMetadata,
  ClientValidationContext,
  ClientValidationResult,
} from './client-metadata';
import { checkRedirectUri } from './redirect-uri.rules';

/** Checks one backchannel_logout_uri; returns the problem in words an admin can act on, or null. */
export type BackchannelUriCheck = (uri: string) => Promise<string | null>;

const CLIENT_ID = /^[A-Za-z0-9._~-]{1,255}$/;

function uriList(
  field: 'redirect_uris' | 'post_logout_redirect_uris',
  value: unknown,
  required: boolean,
  ctx: ClientValidationContext,
  errors: ClientFieldError[],
): string[] {
  if (value === undefined || value === null) {
    if (required) errors.push({ field, message: 'at least one URL is required' });
    return [];
  }
  if (!Array.isArray(value)) {
    errors.push({ field, message: 'must be a list of URLs' });
    return [];
  }
  if (required && value.length === 0)
    errors.push({ field, message: 'at least one URL is required' });
  value.forEach((uri, i) => {
    const problem = checkRedirectUri(uri, ctx.allowInsecureBackchannel);
    if (problem)
      errors.push({ field, message: value.length > 1 ? `entry ${i + 1}: ${problem}` : problem });
  });
  return value.filter((uri): uri is string => typeof uri === 'string');
}

/**
 * The one set of client rules, used by the admin UI and by CLIENTS_FILE at start. Input uses the
 * RFC 7591 names; nothing invalid comes out.
 */
export async function validateClientMetadata(
  input: Record<string, unknown>,
  ctx: ClientValidationContext,
  checkBackchannelUri: BackchannelUriCheck,
): Promise<ClientValidationResult> {
  const errors: ClientFieldError[] = [];
  const clientId = input.client_id;
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
    errors.push({
      field: 'client_id',
      message: "use 1 to 255 letters, digits, '.', '_', '~' or '-'",
    });
  }

  const name = input.client_name;
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 255)) {
    errors.push({ field: 'client_name', message: 'must be text of at most 255 characters' });
  }

  const secret = input.client_secret;
  if (secret === undefined || secret === null || secret === '') {
    if (ctx.secretRequired) errors.push({ field: 'client_secret', message: 'is required' });
  } else if (typeof secret !== 'string' || secret.length < 16 || secret.length > 255) {
    errors.push({
      field: 'client_secret',
      message: 'must be 16 to 255 characters, so that it cannot be guessed',
    });
  }

  const redirectUris = uriList('redirect_uris', input.redirect_uris, true, ctx, errors);
  const postLogout = uriList(
    'post_logout_redirect_uris',
    input.post_logout_redirect_uris,
    false,
    ctx,
    errors,
  );

  let backchannelUri: string | null = null;
  const rawUri = input.backchannel_logout_uri;
  if (rawUri !== undefined && rawUri !== null && rawUri !== '') {
    if (typeof rawUri !== 'string') {
      errors.push({ field: 'backchannel_logout_uri', message: 'must be a URL (text)' });
    } else {
      const problem = await checkBackchannelUri(rawUri);
      if (problem) errors.push({ field: 'backchannel_logout_uri', message: problem });
      else backchannelUri = rawUri;
    }
  }

  const required = input.backchannel_logout_session_required ?? false;
  if (typeof required !== 'boolean') {
    errors.push({
      field: 'backchannel_logout_session_required',
      message: 'must be true or false (a JSON boolean)',
    });
  }

  if (errors.length > 0) return { ok: false, errors };
  const value: ClientMetadata = {
    client_id: clientId as string,
    client_name: typeof name === 'string' && name !== '' ? name : null,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogout,
    backchannel_logout_uri: backchannelUri,
    backchannel_logout_session_required: required === true,
  };
  if (typeof secret === 'string' && secret !== '') value.client_secret = secret;
  return { ok: true, value };
}

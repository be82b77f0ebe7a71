import { BackchannelLogoutError, isBackchannelLogoutError } from '../backchannel-logout.error';
import { BackchannelLogoutErrorCode } from '../backchannel-logout.messages';
import { resolveCheckedTarget } from '../network/target-resolver.util';
import { BackchannelLogoutTargetPolicy } from '../network/target-policy.interface';
import { parseBackchannelLogoutUri } from './logout-uri.rules';

/** Client metadata as registered (BCL §2.2 names). */
export interface BackchannelLogoutClientMetadata {
  backchannel_logout_uri?: unknown;
  backchannel_logout_session_required?: unknown;
}

/** One problem with one field, with a message an administrator can act on. */
export interface BackchannelLogoutFieldError {
  readonly field: 'backchannel_logout_uri' | 'backchannel_logout_session_required';
  readonly code: BackchannelLogoutErrorCode;
  readonly message: string;
}

/**
 * Check one `backchannel_logout_uri` against BCL §2.2 and the target policy, resolving its host name (every
 * address must be allowed). Resolves to `null` when it is acceptable, otherwise to the error.
 *
 * @example
 * const error = await validateBackchannelLogoutUri('https://rp.example.com/bcl#x', {});
 * // error.message === 'backchannel_logout_uri must not contain a fragment (#...)'
 */
export async function validateBackchannelLogoutUri(
  value: unknown,
  policy: BackchannelLogoutTargetPolicy = {},
): Promise<BackchannelLogoutError | null> {
  try {
    await resolveCheckedTarget(parseBackchannelLogoutUri(value, policy), policy);
    return null;
  } catch (err) {
    if (isBackchannelLogoutError(err)) return err;
    throw err;
  }
}

/**
 * The registration rules of BCL §2.2 as a plain function, for clients saved without the DTO (seeding,
 * files, scripts): the same checks as {@link IsBackchannelLogoutUri}. An absent or `null` URI is fine
 * (the client simply gets no back-channel logout); `backchannel_logout_session_required` must be a real
 * boolean when present. Resolves to an empty array when everything is acceptable.
 */
export async function validateBackchannelLogoutClientMetadata(
  input: BackchannelLogoutClientMetadata,
  policy: BackchannelLogoutTargetPolicy = {},
): Promise<BackchannelLogoutFieldError[]> {
  const errors: BackchannelLogoutFieldError[] = [];
  const uri = input.backchannel_logout_uri;
  if (uri !== undefined && uri !== null) {
    const error = await validateBackchannelLogoutUri(uri, policy);
    if (error)
      errors.push({ field: 'backchannel_logout_uri', code: error.code, message: error.message });
  }
  const required = input.backchannel_logout_session_required;
  if (required !== undefined && typeof required !== 'boolean') {
    const error = new BackchannelLogoutError('session_required_not_boolean');
    errors.push({
      field: 'backchannel_logout_session_required',
      code: error.code,
      message: error.message,
    });
  }
  return errors;
}

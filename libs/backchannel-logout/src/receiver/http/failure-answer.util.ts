import type { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import type { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { RECEIVER_DEFAULTS } from '../receiver.constants';
import type { ResolvedReceiverConfig } from '../receiver-config';

/**
 * The receiver's own transient faults: the token may be perfectly valid, the logout just could not happen
 * now. They are answered "try again later", so the OP retries (issue #8 contract).
 */
export const TRANSIENT_FAILURES: ReadonlySet<BackchannelLogoutErrorCode> =
  new Set<BackchannelLogoutErrorCode>([
    'replay_store_failed',
    'session_termination_failed',
    'after_logout_hook_failed',
    'downstream_logout_failed',
    'jwks_unavailable',
    'issuer_metadata_unavailable',
    'key_refetch_cooling_down',
    'duplicate_in_progress',
  ]);

/** Transient faults whose cure is the next JWKS/discovery fetch, allowed once the cooldown has passed. */
const AFTER_COOLDOWN: ReadonlySet<BackchannelLogoutErrorCode> = new Set<BackchannelLogoutErrorCode>(
  ['jwks_unavailable', 'issuer_metadata_unavailable', 'key_refetch_cooling_down'],
);

/** What the endpoint answers for a failure: status, extra headers and the OAuth-style body. */
export interface FailureAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: string; readonly error_description: string };
}

/**
 * BCL §2.8: a refused token is 400 `invalid_request`; a non-POST is 405. A transient fault of the receiver is
 * `transientFailureStatus` (503, or 400 for BCL §2.8's literal reading) with `temporarily_unavailable` and
 * `Retry-After`. Every answer carries `Cache-Control: no-store`; the token itself is never echoed.
 */
export function failureAnswer(
  error: BackchannelLogoutError,
  config: Pick<ResolvedReceiverConfig, 'transientFailureStatus' | 'jwks'> | null,
): FailureAnswer {
  const body = (name: string) => ({ error: name, error_description: describe(error) });
  if (error.code === 'request_method_not_allowed') {
    return {
      status: 405,
      headers: { 'Cache-Control': 'no-store', Allow: 'POST' },
      body: body('invalid_request'),
    };
  }
  if (!TRANSIENT_FAILURES.has(error.code)) {
    return { status: 400, headers: { 'Cache-Control': 'no-store' }, body: body('invalid_request') };
  }
  const retryAfter =
    AFTER_COOLDOWN.has(error.code) && config
      ? Math.max(1, Math.ceil(config.jwks.cooldownMs / 1000))
      : RECEIVER_DEFAULTS.retryAfterSeconds;
  return {
    status: config?.transientFailureStatus ?? RECEIVER_DEFAULTS.transientFailureStatus,
    headers: { 'Cache-Control': 'no-store', 'Retry-After': String(retryAfter) },
    body: body('temporarily_unavailable'),
  };
}

/** RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
function describe(error: BackchannelLogoutError): string {
  return `${error.message} (${error.code})`.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}

import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { RpResponse } from './logout-request.sender';

/** The result of one delivery attempt. */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly httpStatus: number }
  | {
      readonly kind: 'retry' | 'final';
      readonly code: BackchannelLogoutErrorCode;
      readonly message: string;
      readonly httpStatus: number | null;
      /** From the RP's `Retry-After`, in ms (not yet capped). */
      readonly retryAfterMs?: number;
    };

/** Errors worth another attempt: the RP or the network may recover (BCL §2.5 "potentially recoverable"). */
const RECOVERABLE: ReadonlySet<BackchannelLogoutErrorCode> = new Set<BackchannelLogoutErrorCode>([
  'rp_timeout',
  'network_error',
  'target_dns_failed',
  'signing_key_unavailable',
]);

/** `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// An RP may echo what it received; no token may reach the audit table or the logs.
const JWT_LIKE = /[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g;

/** The RP's error body as a short, printable, token-free excerpt (BCL §2.8: for debugging only). */
export function describeRpBody(body: string): string {
  let text = body;
  try {
    const json = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    if (typeof json.error === 'string') {
      text =
        typeof json.error_description === 'string'
          ? `${json.error} (${json.error_description})`
          : json.error;
    }
  } catch {
    // not JSON: keep the raw excerpt
  }
  return text
    .replace(JWT_LIKE, '[token]')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300);
}

function failure(
  kind: 'retry' | 'final',
  code: BackchannelLogoutErrorCode,
  detail: string,
  httpStatus: number | null,
  retryAfterMs?: number,
): AttemptOutcome {
  return {
    kind,
    code,
    message: BackchannelLogoutError.of(code, detail).message,
    httpStatus,
    retryAfterMs,
  };
}

/** BCL §2.8 and the retransmission rule of §2.5 applied to one RP response. */
export function classifyResponse(res: RpResponse): AttemptOutcome {
  const { status } = res;
  const rpSays = describeRpBody(res.body);
  const detail = `HTTP ${status}${rpSays ? `: ${rpSays}` : ''}`;
  if (status === 200 || status === 204) return { kind: 'delivered', httpStatus: status };
  if (status >= 300 && status < 400) {
    // Never followed: the token would go to a URI nobody registered.
    const to = res.location ? ` to ${res.location.replace(JWT_LIKE, '[token]').slice(0, 200)}` : '';
    return failure('final', 'redirect_refused', `HTTP ${status}${to}`, status);
  }
  if (status === 408 || status === 429) {
    return failure('retry', 'rp_busy', detail, status, parseRetryAfter(res.retryAfter));
  }
  // §2.5: a 4xx is a definitive answer, retransmitting the same request cannot help.
  if (status >= 400 && status < 500) return failure('final', 'rp_rejected', detail, status);
  if (status >= 500)
    return failure('retry', 'rp_server_error', detail, status, parseRetryAfter(res.retryAfter));
  return failure('final', 'rp_unexpected_status', detail, status);
}

/** An error thrown before or during the request, as an outcome. */
export function classifyError(err: BackchannelLogoutError): AttemptOutcome {
  return {
    kind: RECOVERABLE.has(err.code) ? 'retry' : 'final',
    code: err.code,
    message: err.message.replace(JWT_LIKE, '[token]').slice(0, 1000),
    httpStatus: null,
  };
}

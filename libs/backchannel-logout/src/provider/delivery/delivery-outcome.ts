import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { RpResponse } from './logout-request.sender';

/**
 * The verdict on one delivery attempt: `delivered`; `retry` (recoverable, another attempt follows);
 * `final` (failed for good); `unconfirmed` (final, the RP refused a retransmission: most likely done).
 */
export type DeliveryAttemptResult =
  | { readonly kind: 'delivered'; readonly httpStatus: number }
  | {
      readonly kind: 'retry' | 'final' | 'unconfirmed';
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

/** What the classification needs to know about the delivery's earlier attempts. */
export interface AttemptHistory {
  /**
   * An earlier attempt got no HTTP answer although the request may have reached the RP (timeout, reset):
   * the RP may have acted on it, so a refusal now can be a replay refusal.
   */
  readonly previousAttemptUnanswered?: boolean;
}

/** Error codes of an attempt whose request may have reached the RP without an answer coming back. */
const UNANSWERED: ReadonlySet<string> = new Set(['rp_timeout', 'network_error']);
// Connection-level failures that prove the request never reached the RP.
const NEVER_SENT = /\b(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND)\b/;

/** `true` when an attempt that ended with `code` / `message` may have been processed unanswered. */
export function wasUnanswered(code: string | null, message: string | null): boolean {
  return code !== null && UNANSWERED.has(code) && !NEVER_SENT.test(message ?? '');
}

// A third-party RP's way of saying "I have seen this jti" (Spring, Django, EOC-style replay stores).
const REPLAY_WORDS = /replay|already[ _-]?(used|seen|processed)|jti/i;

function rpError(body: string): { error?: string; description?: string } {
  try {
    const json = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    return {
      error: typeof json.error === 'string' ? json.error : undefined,
      description: typeof json.error_description === 'string' ? json.error_description : undefined,
    };
  } catch {
    return {};
  }
}

function isReplayRefusal(body: string): boolean {
  const { error, description } = rpError(body);
  if (error === 'token_replayed') return true;
  return error === 'invalid_request' && REPLAY_WORDS.test(description ?? '');
}

function failure(
  kind: 'retry' | 'final' | 'unconfirmed',
  code: BackchannelLogoutErrorCode,
  detail: string,
  httpStatus: number | null,
  retryAfterMs?: number,
): DeliveryAttemptResult {
  return {
    kind,
    code,
    message: BackchannelLogoutError.of(code, detail).message,
    httpStatus,
    retryAfterMs,
  };
}

/**
 * BCL §2.8 and the retransmission rule of §2.5 applied to one RP response, with the provider<->receiver
 * contract of issue #8: a 4xx `temporarily_unavailable` is retried; a 4xx refusing a retransmission (a replay
 * refusal, or any 4xx after an unanswered attempt) ends `unconfirmed` instead of failed.
 */
export function classifyResponse(
  res: RpResponse,
  history: AttemptHistory = {},
): DeliveryAttemptResult {
  const { status } = res;
  // Before the body is described: the common case costs nothing (JSON.parse of an empty body throws).
  if (status === 200 || status === 204) return { kind: 'delivered', httpStatus: status };
  const rpSays = describeRpBody(res.body);
  const detail = `HTTP ${status}${rpSays ? `: ${rpSays}` : ''}`;
  if (status >= 300 && status < 400) {
    // Never followed: the token would go to a URI nobody registered.
    const to = res.location ? ` to ${res.location.replace(JWT_LIKE, '[token]').slice(0, 200)}` : '';
    return failure('final', 'redirect_refused', `HTTP ${status}${to}`, status);
  }
  if (status === 408 || status === 429) {
    return failure('retry', 'rp_busy', detail, status, parseRetryAfter(res.retryAfter));
  }
  if (status >= 400 && status < 500) {
    if (rpError(res.body).error === 'temporarily_unavailable') {
      return failure(
        'retry',
        'rp_temporarily_unavailable',
        detail,
        status,
        parseRetryAfter(res.retryAfter),
      );
    }
    // The jti is fresh per delivery, so only an earlier attempt of ours can have used it.
    if (isReplayRefusal(res.body) || history.previousAttemptUnanswered) {
      return failure('unconfirmed', 'retransmission_refused', detail, status);
    }
    // §2.5: a 4xx is a definitive answer, retransmitting the same request cannot help.
    return failure('final', 'rp_rejected', detail, status);
  }
  if (status >= 500)
    return failure('retry', 'rp_server_error', detail, status, parseRetryAfter(res.retryAfter));
  return failure('final', 'rp_unexpected_status', detail, status);
}

/** An error thrown before or during the request, as an outcome. */
export function classifyError(err: BackchannelLogoutError): DeliveryAttemptResult {
  return {
    kind: RECOVERABLE.has(err.code) ? 'retry' : 'final',
    code: err.code,
    message: err.message.replace(JWT_LIKE, '[token]').slice(0, 1000),
    httpStatus: null,
  };
}

/** Name of the Bull backoff strategy registered on the delivery queue. */
export const LOGOUT_BACKOFF_STRATEGY = 'backchannel-logout';

/** Carried in each job's `backoff.options`, so the strategy stays a pure function. */
export interface LogoutBackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
  readonly retryAfterCapMs: number;
}

/** The error a failed attempt throws; `retryAfterMs` comes from the RP's `Retry-After`. */
export class DeliveryAttemptError extends Error {
  override readonly name = 'DeliveryAttemptError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    /** Not an attempt but a deferral (issue #9, per-RP cap): come back after exactly this long. */
    readonly deferMs?: number,
  ) {
    super(message);
  }
}

/**
 * BCL §2.5: "delay retransmission for an appropriate amount of time to avoid overwhelming the RP".
 * Exponential (base * 2^(n-1), capped) with equal jitter (half fixed, half random, so retries of many RPs
 * spread out but never collapse to zero), and at least the RP's `Retry-After` up to its own cap.
 */
export function logoutBackoffDelay(
  attemptsMade: number,
  err: unknown,
  options: LogoutBackoffOptions | null,
  random: () => number = Math.random,
): number {
  const { baseMs, capMs, retryAfterCapMs } = options ?? {
    baseMs: 2000,
    capMs: 300_000,
    retryAfterCapMs: 600_000,
  };
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  const defer = (err as { deferMs?: unknown } | null)?.deferMs;
  if (typeof defer === 'number') return Math.max(1, Math.round(defer));
  const hint = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  const retryAfter = typeof hint === 'number' ? hint : undefined;
  const delay =
    retryAfter === undefined ? jittered : Math.max(jittered, Math.min(retryAfter, retryAfterCapMs));
  return Math.max(1, Math.round(delay));
}

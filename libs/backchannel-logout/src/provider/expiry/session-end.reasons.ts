/**
 * Audit reasons of the session ends the library starts itself, or offers an API for (stored in each
 * delivery's `reason`). Hosts add their own (`admin_ended_session`, `user_disabled`, ...).
 */
export const SESSION_END_REASONS = {
  /** Ended by the host through `SessionLifecycleService.expire(sid)`, or by an expiry source without a reason. */
  expired: 'session_expired',
  /** No activity for `sessionLifetime.idleSeconds`. */
  idleTimeout: 'session_expired_idle',
  /** Older than `sessionLifetime.absoluteSeconds`, however active. */
  absoluteLifetime: 'session_expired_absolute',
  /** Ended because the user logged in elsewhere (a one-session-per-user policy). */
  replaced: 'session_replaced',
} as const;

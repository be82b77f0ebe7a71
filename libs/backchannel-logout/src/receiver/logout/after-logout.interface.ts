import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';

/** What the receiver did for one Logout Token. */
export interface LogoutOutcome {
  readonly token: VerifiedLogoutToken;
  /** Local session ids ended now (empty for logout markers, which act on the next request). */
  readonly endedSessionIds: readonly string[];
  /**
   * True when this was a retransmission of a token whose logout was already performed: acknowledged with 200,
   * nothing done again (the `afterLogout` hook never sees one).
   */
  readonly duplicate: boolean;
}

/**
 * Awaited after the sessions were ended and before the 200 is sent, e.g. to revoke refresh tokens issued
 * without `offline_access` (BCL §2.7). If it throws, the answer is 400 `after_logout_hook_failed`.
 */
export type AfterLogoutHook = (outcome: LogoutOutcome) => void | Promise<void>;

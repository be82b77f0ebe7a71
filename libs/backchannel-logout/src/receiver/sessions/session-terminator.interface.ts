import { Inject } from '@nestjs/common';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';

/** What ending the sessions for one Logout Token did. */
export interface SessionTerminationResult {
  /** Local session ids that were ended now (empty for lazy strategies such as logout markers). */
  readonly endedSessionIds: readonly string[];
  /**
   * Only when `terminate` was called with `deferCleanup`: bookkeeping left to do that does not decide whether
   * the sessions ended (e.g. unlinking them from the index). The caller must run it.
   */
  readonly cleanup?: () => Promise<void>;
}

/** What the receiver may pass to `terminate` to save round trips; a terminator may ignore both. */
export interface TerminateOptions {
  /** What this terminator's `prepare` resolved for the same token. */
  readonly prepared?: unknown;
  /**
   * Return the bookkeeping that follows the kill as `cleanup` instead of awaiting it: the receiver runs it
   * together with marking the token done (one round trip for both). The sessions are ended when `terminate`
   * resolves either way.
   */
  readonly deferCleanup?: boolean;
}

/**
 * Port: ends the RP sessions a verified Logout Token identifies (BCL §2.7). The endpoint awaits it; when it
 * rejects, the answer is an error and the token's `jti` is released. Ready implementations:
 * `SessionIndexTerminator`, `LogoutMarkerTerminator`.
 */
export interface SessionTerminator {
  terminate(
    token: VerifiedLogoutToken,
    options?: TerminateOptions,
  ): Promise<SessionTerminationResult>;
  /**
   * Optional: the read-only first part of `terminate` (e.g. the index lookup). The receiver sends it together
   * with the claim of the token's `jti` (one round trip for both) and hands the result to `terminate` as
   * `prepared`. It must change nothing: its result is dropped when the token turns out to be a duplicate or
   * had to wait for another delivery of itself; when it rejects, `terminate` runs without it.
   */
  prepare?(token: VerifiedLogoutToken): Promise<unknown>;
}

/** Injection token of the configured `SessionTerminator`. */
export const SessionTerminator = Symbol('SessionTerminator');

/** `@InjectSessionTerminator()` injects the configured `SessionTerminator`. */
export const InjectSessionTerminator = (): ParameterDecorator & PropertyDecorator =>
  Inject(SessionTerminator);

import { Inject } from '@nestjs/common';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';

/** What ending the sessions for one Logout Token did. */
export interface SessionTerminationResult {
  /** Local session ids that were ended now (empty for lazy strategies such as logout markers). */
  readonly endedSessionIds: readonly string[];
}

/**
 * Port: ends the RP sessions a verified Logout Token identifies (BCL §2.7). The endpoint awaits it; when it
 * rejects, the answer is 400 and nothing is claimed. Ready implementations: `SessionIndexTerminator`,
 * `LogoutMarkerTerminator`.
 */
export interface SessionTerminator {
  terminate(token: VerifiedLogoutToken): Promise<SessionTerminationResult>;
}

/** Injection token of the configured `SessionTerminator`. */
export const SessionTerminator = Symbol('SessionTerminator');

/** `@InjectSessionTerminator()` injects the configured `SessionTerminator`. */
export const InjectSessionTerminator = (): ParameterDecorator & PropertyDecorator =>
  Inject(SessionTerminator);

import { BackchannelLogoutError } from '../../../common/backchannel-logout.error';
import type { VerifiedLogoutToken } from '../../token/verified-logout-token.interface';
import type { SessionTerminationResult, SessionTerminator } from '../session-terminator.interface';
import type { SessionDestroyer } from './session-destroyer.interface';
import type { SessionIndexStore, SessionLink } from './session-index-store.interface';
import { settleAll } from './settle-all.util';

/**
 * Ends the indexed sessions a Logout Token names, at once (BCL §2.7):
 * - with `sid`: the sessions linked to `(iss, sid)` — never widened to the user's other sessions;
 * - with `sub` only: every session linked to `(iss, sub)`;
 * - either way, never a session authenticated after the token's `iat`, the logout time (a late Logout Token
 *   must not end a newer login, SET §5.4);
 * - nothing linked: success (the user is already logged out here).
 * When the token has both and a linked session belongs to another `sub`, nothing is ended and the token is
 * refused (§2.6 steps 10–11, BCL-R-33). Each session is destroyed, then unlinked; if any destroy fails,
 * the others still run and the whole call rejects, so no partial success is ever claimed.
 */
export class SessionIndexTerminator implements SessionTerminator {
  constructor(
    private readonly store: SessionIndexStore,
    private readonly destroyer: SessionDestroyer,
    private readonly concurrency = 16,
  ) {}

  async terminate(token: VerifiedLogoutToken): Promise<SessionTerminationResult> {
    const links = await this.find(token);
    if (token.sid !== undefined && token.sub !== undefined) {
      if (links.some((link) => link.sub !== undefined && link.sub !== token.sub)) {
        throw new BackchannelLogoutError('session_sub_mismatch');
      }
    }
    const bySession = new Map(links.map((link) => [link.sessionId, link]));
    const ids = [...bySession.keys()];
    const results = await settleAll(ids, this.concurrency, async (id) => {
      await this.destroyer.destroy(id);
      await this.store.unlink(id, bySession.get(id));
    });
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw BackchannelLogoutError.of(
        'session_termination_failed',
        `${failures.length} of ${ids.length} sessions could not be ended`,
        failures[0].reason,
      );
    }
    return { endedSessionIds: ids };
  }

  private async find(token: VerifiedLogoutToken): Promise<SessionLink[]> {
    const links =
      token.sid !== undefined
        ? await this.store.find({ iss: token.iss, sid: token.sid })
        : await this.store.find({ iss: token.iss, sub: token.sub as string });
    // iat is the logout time (a late delivery keeps it): a session authenticated after it is a newer login that
    // this logout must not end, whether the token names the user or the OP session (SET §5.4).
    return links.filter((link) => link.authTime === undefined || link.authTime <= token.iat);
  }
}

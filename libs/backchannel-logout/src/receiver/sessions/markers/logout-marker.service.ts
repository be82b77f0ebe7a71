import { Inject, Injectable } from '@nestjs/common';
import { BackchannelLogoutError } from '../../../common/backchannel-logout.error';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../../receiver-config';
import type { LogoutMarkerStrategyOptions } from '../session-options.interface';
import type { MarkedSession } from './marked-session.interface';

/**
 * Checks stateless sessions against logout markers; used by `LogoutMarkerGuard` and `LogoutMarkerMiddleware`,
 * and callable directly.
 */
@Injectable()
export class LogoutMarkerService {
  constructor(@Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig) {}

  /**
   * True when a Logout Token ended this session: a `sid` marker for its `(iss, sid)` (unless the marker names
   * another `sub`) or a `sub` marker for its `(iss, sub)` — in both cases only when the marker's `iat` (the
   * logout time) is not before the session's `authTime`: a newer login survives a late token.
   */
  async isLoggedOut(session: MarkedSession): Promise<boolean> {
    const found = await this.options().store.find(session);
    if (
      found.sid &&
      session.authTime <= found.sid.iat &&
      (found.sid.sub === undefined || session.sub === undefined || found.sid.sub === session.sub)
    ) {
      return true;
    }
    return found.sub !== undefined && session.authTime <= found.sub.iat;
  }

  /**
   * Call from your login handler once the new session exists. It clears the `sid` marker of the new session.
   * A `sub` marker is deliberately kept: it cannot affect this login (its `iat` is before `authTime`), and
   * deleting it would bring back the user's *older* sessions that the OP logged out.
   */
  async onLogin(session: Pick<MarkedSession, 'iss' | 'sid'>): Promise<void> {
    if (session.sid !== undefined) await this.options().store.clearSid(session.iss, session.sid);
  }

  /** Reads the request's session identity with the configured accessor. */
  accessor(): LogoutMarkerStrategyOptions['markers']['sessionAccessor'] {
    return this.options().sessionAccessor;
  }

  /** The configured hook for refused requests, if any. */
  loggedOutHandler(): LogoutMarkerStrategyOptions['markers']['onLoggedOut'] {
    return this.options().onLoggedOut;
  }

  private options(): LogoutMarkerStrategyOptions['markers'] {
    const sessions = this.config.options.sessions;
    if (!('markers' in sessions)) {
      throw BackchannelLogoutError.of(
        'receiver_invalid_options',
        'the logout-marker strategy is not configured',
      );
    }
    return sessions.markers;
  }
}

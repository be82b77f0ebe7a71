import { Inject, Injectable } from '@nestjs/common';
import { BackchannelLogoutError } from '../../../common/backchannel-logout.error';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../../receiver-config';
import type { SessionIndexStore, SessionLinkInput } from './session-index-store.interface';

/**
 * What your login and logout handlers call when the session-index strategy is configured.
 *
 * @example
 * // after the OIDC callback has verified the ID Token and saved the session:
 * await sessionIndex.link({ iss: idToken.iss, sub: idToken.sub, sid: idToken.sid, sessionId: req.sessionID });
 * // on local logout:
 * await sessionIndex.unlink(req.sessionID);
 */
@Injectable()
export class SessionIndexService {
  constructor(@Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig) {}

  /** Link a local session to its OP session, so a Logout Token can find it. */
  async link(link: SessionLinkInput): Promise<void> {
    if (
      !link ||
      typeof link.iss !== 'string' ||
      typeof link.sessionId !== 'string' ||
      !link.sessionId
    ) {
      throw new BackchannelLogoutError('session_link_invalid');
    }
    if (link.authTime !== undefined && !Number.isFinite(link.authTime)) {
      throw BackchannelLogoutError.of('session_link_invalid', 'authTime must be epoch seconds');
    }
    if (link.sub === undefined && link.sid === undefined) {
      throw new BackchannelLogoutError('session_link_invalid');
    }
    await this.store().link(link);
  }

  /** Forget a local session (call it when the user logs out locally). */
  async unlink(sessionId: string): Promise<void> {
    await this.store().unlink(sessionId);
  }

  private store(): SessionIndexStore {
    const sessions = this.config.options.sessions;
    if (!('index' in sessions)) {
      throw BackchannelLogoutError.of(
        'receiver_invalid_options',
        'the session-index strategy is not configured',
      );
    }
    return sessions.index.store;
  }
}

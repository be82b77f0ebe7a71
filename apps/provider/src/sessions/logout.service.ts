import { Injectable, Logger } from '@nestjs/common';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { OpSessionService } from './op-session.service';

export interface LogoutOutcome {
  /** False when the session had already ended (nothing new was sent). */
  ended: boolean;
}

export interface IdTokenIssuance {
  sid: string;
  sub: string;
  clientId: string;
}

/**
 * Every way a session ends goes through here: the OP session is closed, refresh tokens issued
 * without offline_access are revoked (BCL §2.7), and the RPs of the session are notified.
 */
@Injectable()
export class LogoutService {
  private readonly logger = new Logger('Logout');

  constructor(
    private readonly sessions: OpSessionService,
    private readonly refreshTokens: RefreshTokenService,
  ) {}

  async recordIdTokenIssued(_issuance: IdTokenIssuance): Promise<void> {
    // Wired to the library's session registry once it lands.
  }

  async endSession(
    sid: string,
    options: { reason: string; initiatingClientId?: string },
  ): Promise<LogoutOutcome> {
    const ended = await this.sessions.end(sid, options.reason);
    if (!ended) return { ended: false };
    const revoked = await this.refreshTokens.revokeOnlineForSession(sid);
    this.logger.log(`Session ended (${options.reason}); ${revoked} refresh token(s) revoked`);
    return { ended: true };
  }

  /** Ends every live session of a user (admin action, disabled account). Returns how many ended. */
  async endUserSessions(userId: string, reason: string): Promise<number> {
    let count = 0;
    for (const session of await this.sessions.listActiveForUser(userId)) {
      if ((await this.endSession(session.sid, { reason })).ended) count++;
    }
    return count;
  }

  async waitForDeliveries(_outcome: LogoutOutcome, _timeoutMs: number): Promise<void> {
    // The library's bounded wait plugs in here.
  }
}

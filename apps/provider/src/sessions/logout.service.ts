import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  BackchannelLogoutService,
  SessionExpiredEvent,
  SessionLifecycleService,
} from 'nestjs-backchannel-logout';
import { LogoutWaitResult, serializedTransaction } from 'nestjs-backchannel-logout/provider';
import { DataSource } from 'typeorm';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { OpSessionService } from './op-session.service';

export interface LogoutOutcome {
  /** False when the session had already ended (nothing new was sent). */
  ended: boolean;
  /** The library's id of this logout's deliveries (for the bounded wait and the audit). */
  logoutId?: string;
}

/**
 * Every way a session ends goes through here: the OP session is closed, refresh tokens issued
 * without offline_access are revoked (BCL §2.7), and the library notifies every RP of the session.
 * Sessions the library expires (idle, absolute lifetime) come back through `onExpired`.
 */
@Injectable()
export class LogoutService implements OnModuleInit {
  private readonly logger = new Logger('Logout');

  constructor(
    private readonly sessions: OpSessionService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly lifecycle: SessionLifecycleService,
    private readonly backchannel: BackchannelLogoutService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // Runs before the library notifies the RPs of the expired session.
    this.lifecycle.onExpired((event) => this.closeExpired(event));
  }

  async endSession(
    sid: string,
    options: { reason: string; initiatingClientId?: string },
  ): Promise<LogoutOutcome> {
    const { ended, revoked } = await this.closeSession(sid, options.reason);
    if (!ended) return { ended: false };
    // Enqueues one delivery per RP of the session and returns; no HTTP call happens here.
    let result;
    try {
      result = await this.lifecycle.endSession({
        sid,
        reason: options.reason,
        initiatingClientId: options.initiatingClientId,
      });
    } catch (err) {
      // The user is logged out here either way; the RPs were not told, which must not go unnoticed.
      // The session registry keeps its entries, so ending the user's sessions from the admin UI retries.
      this.logger.error(
        `Session ended but the RPs could not be notified: ${(err as Error).message}`,
      );
      return { ended: true };
    }
    // null: the expiry job ended this session at the same moment and notified its RPs itself.
    if (!result) return { ended: true };
    this.logger.log(
      `Session ended (${options.reason}): ${result.deliveries.length} back-channel deliveries, ` +
        `${result.skipped.length} client(s) skipped, ${revoked} refresh token(s) revoked`,
    );
    return { ended: true, logoutId: result.logoutId };
  }

  /**
   * Ends every live session of a user (admin action, disabled or deleted account, password reset) and
   * logs the user out at every RP with a `sub` logout token. Returns how many OP sessions ended.
   */
  async endUserSessions(
    userId: string,
    reason: string,
  ): Promise<{ count: number; logoutId: string }> {
    const { sids, ended: count } = await this.sessions.endAllOfUser(userId, reason);
    await this.refreshTokens.revokeOnlineForSessions(sids);
    const result = await this.lifecycle.endUser({ sub: userId, reason });
    this.logger.log(
      `User logged out everywhere (${reason}): ${count} session(s), ${result.deliveries.length} deliveries`,
    );
    return { count, logoutId: result.logoutId };
  }

  /** RPIL §3: wait for the deliveries of this logout, but never longer than `timeoutMs`. */
  async waitForDeliveries(
    outcome: LogoutOutcome,
    timeoutMs: number,
  ): Promise<LogoutWaitResult | null> {
    if (!outcome.logoutId) return null;
    const result = await this.backchannel.waitForDeliveries(outcome.logoutId, timeoutMs);
    if (!result.settled) {
      this.logger.warn(
        `Redirecting before every RP answered (waited ${timeoutMs} ms); deliveries continue in the background`,
      );
    }
    return result;
  }

  /**
   * The OP session's end and its refresh tokens' revocation in one transaction: one commit (a WAL sync on
   * SQLite) instead of two, and never a session ended with its tokens still live. Serialized with the
   * library's own transactions, which share SQLite's one connection.
   */
  private closeSession(sid: string, reason: string): Promise<{ ended: boolean; revoked: number }> {
    return serializedTransaction(this.dataSource, async (manager) => {
      if (!(await this.sessions.end(sid, reason, manager))) return { ended: false, revoked: 0 };
      return {
        ended: true,
        revoked: await this.refreshTokens.revokeOnlineForSessions([sid], manager),
      };
    });
  }

  private async closeExpired({ sid, reason }: SessionExpiredEvent): Promise<void> {
    const { ended, revoked } = await this.closeSession(sid, reason);
    if (!ended) return;
    this.logger.log(`Session expired (${reason}); ${revoked} refresh token(s) revoked`);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BackchannelLogoutService } from '../logout/backchannel-logout.service';
import { LogoutSessionInput, LogoutUserInput } from '../logout/logout.events';
import { BackchannelLogoutResult } from '../logout/logout-result.interface';
import { TypeOrmSessionActivityStore } from '../sessions/typeorm-session-activity.store';
import { SESSION_END_REASONS } from './session-end.reasons';
import { SessionExpiryRunner } from './session-expiry.runner';
import { BCL_SESSION_ACTIVITY_STORE } from './session-expiry.tokens';
import { SessionExpiredListener } from './session-lifecycle.events';

/** What {@link SessionLifecycleService.status} reports. */
export interface SessionLifetimeStatus {
  readonly startedAt: Date;
  /** Exact to within `touchIntervalMs`. */
  readonly lastActiveAt: Date;
  readonly endedAt: Date | null;
  readonly endReason: string | null;
  /** When the idle or absolute limit ends it, whichever comes first; `null` without lifetimes. */
  readonly expiresAt: Date | null;
}

/**
 * The life of an OP session, from `begin()` at login to its one end: expired (lifetime, or the host's own
 * policy), replaced by a login elsewhere, or ended by the host. Every end goes through the logout pipeline
 * of {@link BackchannelLogoutService} exactly once, however many processes race to end it.
 *
 * @example
 * await lifecycle.begin({ sid, sub });             // at login
 * if (!(await lifecycle.touch(sid))) logout(req);  // on each request: false once past its lifetime
 * await lifecycle.endOtherSessions(sub, sid);      // one session per user: end the older ones
 */
@Injectable()
export class SessionLifecycleService {
  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_SESSION_ACTIVITY_STORE) private readonly store: TypeOrmSessionActivityStore,
    private readonly runner: SessionExpiryRunner,
    private readonly logout: BackchannelLogoutService,
  ) {}

  /** OP session `sid` of user `sub` began (call at login); its lifetimes count from now. Idempotent. */
  async begin(session: { sid: string; sub: string }): Promise<void> {
    await this.store.begin(session.sid, session.sub, this.now());
  }

  /**
   * The session is being used. Answers whether it is still live: `false` once it ended or outlived its
   * lifetime — an expired session is ended (and its RPs notified) right here, so a stolen session cookie
   * stops working at the lifetime even between two expiry runs. Writes the last activity at most once per
   * `touchIntervalMs`. An unknown `sid` with `sub` starts being tracked (sessions from before the upgrade).
   */
  async touch(sid: string, sub?: string): Promise<boolean> {
    const now = this.now();
    const row = await this.store.find(sid);
    if (!row) {
      if (sub) await this.store.begin(sid, sub, now);
      return true;
    }
    if (row.endedAt) return false;
    const reason = this.store.expiredReason(row, now);
    if (reason) {
      if ((await this.store.markEnded(sid, reason, now)) === 'ended')
        await this.runner.finish(this.store, { sid, reason });
      return false;
    }
    if (now.getTime() - row.lastActiveAt.getTime() >= this.config.sessionLifetime.touchIntervalMs)
      await this.store.touch(sid, now);
    return true;
  }

  /**
   * What the library knows of `sid`'s lifetime (for an admin page): start, last recorded activity, end,
   * and when it expires if nothing happens. `null` when untracked.
   */
  async status(sid: string): Promise<SessionLifetimeStatus | null> {
    const row = await this.store.find(sid);
    if (!row) return null;
    const { idleMs, absoluteMs } = this.config.sessionLifetime;
    const limits = [
      idleMs === null ? null : row.lastActiveAt.getTime() + idleMs,
      absoluteMs === null ? null : row.startedAt.getTime() + absoluteMs,
    ].filter((t): t is number => t !== null);
    return {
      startedAt: row.startedAt,
      lastActiveAt: row.lastActiveAt,
      endedAt: row.endedAt,
      endReason: row.endReason,
      expiresAt: limits.length ? new Date(Math.min(...limits)) : null,
    };
  }

  /** Whether `sid` is tracked and live now (no write, no end). */
  async isLive(sid: string): Promise<boolean> {
    const row = await this.store.find(sid);
    return !!row && !row.endedAt && this.store.expiredReason(row, this.now()) === null;
  }

  /** The host expired `sid` by its own rules: ended with reason `session_expired` (or `reason`). */
  expire(
    sid: string,
    reason: string = SESSION_END_REASONS.expired,
  ): Promise<BackchannelLogoutResult | null> {
    return this.endSession({ sid, reason });
  }

  /**
   * End OP session `sid` and notify its RPs (one token per RP, with `sid`). Resolves `null`, sending
   * nothing, when the session had already ended (e.g. the expiry job got there first).
   */
  async endSession(input: LogoutSessionInput): Promise<BackchannelLogoutResult | null> {
    const mark = await this.store.markEnded(input.sid, input.reason ?? 'logout', this.now());
    if (mark === 'already_ended') return null;
    return this.runner.exclusive(() => this.logout.logoutSession(input));
  }

  /**
   * End every session of user `sub` (disabled, deleted, admin "end all"): one sub-only token per client,
   * or one per sid for clients that require one (BCL §2.2); sessions without a sid are covered too.
   */
  async endUser(
    input: LogoutUserInput,
  ): Promise<BackchannelLogoutResult & { sessionsEnded: number }> {
    const sessionsEnded = await this.store.markUserEnded(
      input.sub,
      input.reason ?? 'logout',
      this.now(),
    );
    return {
      ...(await this.runner.exclusive(() => this.logout.logoutUser(input))),
      sessionsEnded,
    };
  }

  /**
   * End the user's other live sessions, one token per session (e.g. after a login elsewhere, reason
   * `session_replaced`, or a password change). Returns how many ended. Pages through them in batches.
   */
  async endOtherSessions(
    sub: string,
    keepSid: string | null,
    reason: string = SESSION_END_REASONS.replaced,
  ): Promise<number> {
    let ended = 0;
    let after = '';
    for (;;) {
      const sids = await this.store.liveSidsOf(sub, after, this.config.sessionLifetime.batchSize);
      for (const sid of sids) {
        if (sid !== keepSid && (await this.endSession({ sid, reason }))) ended++;
      }
      if (sids.length < this.config.sessionLifetime.batchSize) return ended;
      after = sids[sids.length - 1];
    }
  }

  /**
   * Call `listener` for every session the library ends for its lifetime (before the RPs are notified),
   * e.g. to close the host's own session record. Returns the unsubscribe function.
   */
  onExpired(listener: SessionExpiredListener): () => void {
    return this.runner.onExpired(listener);
  }

  /** One expiry pass now (the scheduled job calls this); returns how many sessions ended. */
  runExpiry(): Promise<number> {
    return this.runner.run();
  }

  private now(): Date {
    return this.config.sessionLifetime.clock();
  }
}

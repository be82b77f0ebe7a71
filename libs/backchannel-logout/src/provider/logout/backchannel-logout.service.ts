import { Inject, Injectable, Logger } from '@nestjs/common';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { DeliveryWaiter } from '../delivery/delivery.waiter';
import {
  BackchannelLogoutSessionRegistry,
  SessionParticipant,
} from '../sessions/session-registry.interface';
import { LogoutManyInput, LogoutSessionInput, LogoutUserInput } from './logout.events';
import { LogoutScope } from './logout.planner';
import { TypeOrmSessionRegistry } from '../sessions/typeorm-session.registry';
import { EntityManager } from 'typeorm';
import {
  BackchannelLogoutResult,
  LogoutWaitResult,
  WaitForDeliveriesOptions,
} from './logout-result.interface';
import { LogoutPipeline } from './logout.pipeline';

/**
 * The provider's entry point: record RP sessions when ID Tokens are issued, and announce logouts. A logout
 * call stores one delivery per RP session and enqueues them; it never makes an HTTP call itself.
 */
@Injectable()
export class BackchannelLogoutService {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BackchannelLogoutSessionRegistry)
    private readonly sessions: BackchannelLogoutSessionRegistry,
    private readonly pipeline: LogoutPipeline,
    private readonly waiter: DeliveryWaiter,
  ) {}

  /**
   * Record that `clientId` received an ID Token for `sub` with `sid` (call it, or emit
   * `BACKCHANNEL_LOGOUT_EVENTS.idTokenIssued`, every time an ID Token is issued). Idempotent per (sid, client).
   */
  async recordIdTokenIssued(participant: SessionParticipant): Promise<void> {
    await this.sessions.record(participant);
  }

  /**
   * OP session `sid` ended: every client that took part gets one Logout Token with `sub` and `sid`.
   * Returns after the deliveries are stored and enqueued.
   *
   * @example
   * const { logoutId } = await bcl.logoutSession({ sid, reason: 'rp_initiated', initiatingClientId });
   * await bcl.waitForDeliveries(logoutId, 2000); // RPIL §3: redirect after notifying, but bounded
   */
  async logoutSession(input: LogoutSessionInput): Promise<BackchannelLogoutResult> {
    if (!input?.sid)
      throw BackchannelLogoutError.of('invalid_options', 'logoutSession needs a sid');
    return this.logout([{ sid: input.sid }], input);
  }

  /**
   * User `sub` is logged out everywhere (account disabled or deleted, admin revoke): each client gets one
   * sub-only token, or one token per `sid` if it registered `backchannel_logout_session_required`.
   */
  async logoutUser(input: LogoutUserInput): Promise<BackchannelLogoutResult> {
    if (!input?.sub) throw BackchannelLogoutError.of('invalid_options', 'logoutUser needs a sub');
    return this.logout([{ sub: input.sub }], input);
  }

  /**
   * Several sessions (and users) that ended together, e.g. node-oidc-provider's end_session, which gives each
   * client its own `sid`: every `sid` and `sub` notifies exactly as its own `logoutSession` / `logoutUser`
   * call would, but the deliveries are stored in one write (one commit, one enqueue) under one `logoutId`,
   * so one bounded wait covers them all.
   *
   * @example
   * const { logoutId } = await bcl.logoutMany({ sids: [sidOfRp1, sidOfRp2], reason: 'end_session' });
   */
  async logoutMany(input: LogoutManyInput): Promise<BackchannelLogoutResult> {
    const sids = [...new Set(input?.sids ?? [])];
    const subs = [...new Set(input?.subs ?? [])];
    if (sids.some((s) => !s) || subs.some((s) => !s) || sids.length + subs.length === 0)
      throw BackchannelLogoutError.of('invalid_options', 'logoutMany needs non-empty sids or subs');
    return this.logout([...sids.map((sid) => ({ sid })), ...subs.map((sub) => ({ sub }))], input);
  }

  /**
   * Wait until every delivery of `logoutId` is final (delivered, unconfirmed or failed), or `timeoutMs` passed, whichever comes
   * first; resolves with the per-RP outcome either way (never rejects on timeout). Deliveries to degraded or
   * paused RPs are not waited for (issue #9: a known-bad RP costs only itself; they stay open and are retried,
   * and `settled` is then `false`) unless `options.includeUnhealthyRps` is set.
   */
  waitForDeliveries(
    logoutId: string,
    timeoutMs: number,
    options: WaitForDeliveriesOptions = {},
  ): Promise<LogoutWaitResult> {
    return this.waiter.wait(logoutId, timeoutMs, options);
  }

  private async logout(
    scopes: readonly LogoutScope[],
    input: { reason?: string; initiatingClientId?: string },
  ): Promise<BackchannelLogoutResult> {
    // BCL-S-05 (docs/conformance.md): read the participants before they are forgotten.
    const logouts = await Promise.all(
      scopes.map(async (scope) => ({
        scope,
        participants: await ('sid' in scope
          ? this.sessions.findBySid(scope.sid)
          : this.sessions.findBySub(scope.sub)),
      })),
    );
    // BCL-S-05: the participants are forgotten once the deliveries are committed: with them (SQLite, default
    // registry: it shares the outbox's DataSource), or while they are being enqueued.
    const forget = async (manager?: EntityManager) => {
      for (const scope of scopes) await this.forget(() => this.remove(scope, manager));
    };
    const sameDatabase = this.sessions instanceof TypeOrmSessionRegistry;
    return this.pipeline.runMany(
      logouts,
      { reason: input.reason ?? null, initiatingClientId: input.initiatingClientId ?? null },
      { afterCommit: () => forget(), ...(sameDatabase ? { inTransaction: forget } : {}) },
    );
  }

  /** Forget `scope`'s participants, inside `manager`'s transaction when given (only the default registry is). */
  private remove(scope: LogoutScope, manager?: EntityManager): Promise<void> {
    const registry = this.sessions;
    if (manager && registry instanceof TypeOrmSessionRegistry) {
      return 'sid' in scope
        ? registry.removeBySid(scope.sid, manager)
        : registry.removeBySub(scope.sub, manager);
    }
    return 'sid' in scope ? registry.removeBySid(scope.sid) : registry.removeBySub(scope.sub);
  }

  private async forget(remove: () => Promise<void>): Promise<void> {
    try {
      await remove();
    } catch (err) {
      // The deliveries are stored; a registry entry left behind only means a later logout notifies again.
      this.logger.warn(`could not remove session registry entries: ${(err as Error).message}`);
    }
  }
}

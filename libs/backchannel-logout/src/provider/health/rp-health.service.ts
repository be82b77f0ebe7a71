import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BCL_EVENT_EMITTER,
  BclEventEmitter,
} from '../../common/events/optional-event-emitter.provider';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { DeliveryAttemptResult } from '../delivery/delivery-outcome';
import { DeliveryQueueGateway } from '../delivery/delivery-queue.gateway';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { RpBusyError } from './rp-busy.error';
import { RpConcurrencyLimiter } from './rp-concurrency.limiter';
import { RpHealthCache } from './rp-health.cache';
import { RP_HEALTH_CHANGED_EVENT, RpHealthChangedEvent } from './rp-health.events';
import { BackchannelLogoutRpHealth, RpHealthRecord, RpHealthState } from './rp-health.interface';
import { RpHealthStore } from './rp-health.store';

// Failures that say nothing about the RP (the OP's own key or policy): they neither count nor reset a streak.
const NOT_THE_RPS_FAULT = new Set([
  'signing_key_unavailable',
  'target_scheme_refused',
  'target_address_refused',
]);

// Health is availability: these cost time or mean the RP is not there. An RP that answers, even with a
// refusal (`rp_rejected`), is reachable; refusals show in the delivery metrics instead.
const UNAVAILABLE = new Set([
  'rp_timeout',
  'network_error',
  'target_dns_failed',
  'rp_server_error',
  'rp_temporarily_unavailable',
  'rp_busy',
]);

/**
 * Per-RP health (issue #9): records every attempt's outcome, moves an RP between healthy, degraded and
 * paused, holds a paused RP's deliveries, caps each RP's share of worker slots, and announces every change
 * (structured log, host event). The state lives in Redis ({@link RpHealthStore}), so every process agrees;
 * each process trusts what it last saw for `health.stateCacheMs` ({@link RpHealthCache}).
 */
@Injectable()
export class RpHealthService implements BackchannelLogoutRpHealth {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly cache: RpHealthCache;
  private unhealthyRead: Promise<readonly string[]> | null = null;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_EVENT_EMITTER) private readonly emitter: BclEventEmitter | null,
    private readonly store: RpHealthStore,
    private readonly limiter: RpConcurrencyLimiter,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueueGateway,
  ) {
    this.cache = new RpHealthCache(config.health.stateCacheMs);
  }

  /**
   * Before an attempt to `clientId`: a release function for the worker slot, or `null` when the RP is
   * paused (its open deliveries are then held as `paused`). Throws {@link RpBusyError} when the RP already
   * holds its share of this process's slots (a degraded RP: one).
   */
  async admit(clientId: string): Promise<(() => void) | null> {
    const state = await this.stateOf(clientId);
    if (state === 'paused') {
      await this.pauseRows(clientId);
      return null;
    }
    const h = this.config.health;
    const limit = state === 'degraded' ? 1 : h.maxInFlightPerRp;
    const release = this.limiter.tryAcquire(clientId, limit);
    // Jitter, so deferred jobs of one RP do not all come back in the same tick.
    if (!release)
      throw new RpBusyError(clientId, Math.round(h.deferMs * (0.5 + Math.random() / 2)));
    return release;
  }

  /**
   * After an attempt: count it, and act on a state change once `after` settled (the caller's write and
   * report of the outcome, which the Redis command overlaps). Never throws (Redis down: logged). A success
   * of an RP this process knows healthy with no failure streak, at the same URI, would change nothing: not
   * written (the common case costs no Redis command).
   */
  async record(
    clientId: string,
    uri: string,
    outcome: DeliveryAttemptResult,
    after: Promise<unknown> = Promise.resolve(),
  ): Promise<void> {
    if (outcome.kind !== 'delivered' && NOT_THE_RPS_FAULT.has(outcome.code)) return;
    if (this.store.isOffline()) return;
    const failure =
      outcome.kind !== 'delivered' && (outcome.kind === 'retry' || UNAVAILABLE.has(outcome.code))
        ? `${outcome.code}: ${outcome.message}`
        : null;
    if (failure === null && this.cache.isClean(clientId, uri)) return;
    try {
      const { degradeAfter, pauseAfter } = this.config.health;
      const recorded = this.store.record(clientId, uri, failure, { degradeAfter, pauseAfter });
      // The command is on its way; a state change is acted on (and announced) after `after`.
      await after.catch(() => undefined);
      const { from, to } = await recorded;
      const cleanAt = failure === null ? uri : null;
      if (from === to) {
        this.cache.remember(clientId, to, cleanAt);
        return;
      }
      this.cache.changed(clientId, to, cleanAt);
      await this.changed(clientId, from, to, 'outcome', failure);
    } catch (err) {
      this.logger.warn(`RP health of ${clientId} not recorded: ${(err as Error).message}`);
    }
  }

  /** The degraded and paused RPs (empty when Redis is down): the bounded wait skips them. */
  async unhealthyClients(): Promise<readonly string[]> {
    if (this.store.isOffline()) return [];
    const known = this.cache.unhealthyClients();
    if (known) return known;
    // Attempts that start together share one read.
    this.unhealthyRead ??= this.store
      .unhealthy()
      .then(
        (ids) => {
          this.cache.rememberUnhealthy(ids);
          return ids;
        },
        () => [],
      )
      .finally(() => (this.unhealthyRead = null));
    return this.unhealthyRead;
  }

  list(): Promise<RpHealthRecord[]> {
    return this.store.list();
  }

  get(clientId: string): Promise<RpHealthRecord | null> {
    return this.store.get(clientId);
  }

  resume(clientId: string): Promise<number> {
    return this.resumeBy(clientId, 'admin');
  }

  /** Make the RP healthy and release its paused deliveries to the queue. */
  async resumeBy(clientId: string, cause: 'probe' | 'admin'): Promise<number> {
    const from = await this.store.resume(clientId);
    this.cache.changed(clientId, 'healthy');
    const released = await this.release(clientId);
    this.announce(clientId, from, 'healthy', cause, null, released);
    return released;
  }

  private async stateOf(clientId: string): Promise<RpHealthState> {
    if (this.store.isOffline()) return 'healthy';
    // `paused` is never taken from memory: acting on it pauses the RP's rows, which would undo a resume
    // made by another process meanwhile (the probe then no longer looks at the RP).
    const known = this.cache.state(clientId);
    if (known && known !== 'paused') return known;
    // Redis lists the degraded and paused RPs: an RP not on the list (read at most once per
    // `health.stateCacheMs` for all RPs, not once per RP) is healthy, as its own state would say.
    if (!(await this.unhealthyClients()).includes(clientId)) return 'healthy';
    try {
      // With the streak and URI, so that this attempt's success, the common case, needs no second command.
      const { state, cleanAt } = await this.store.snapshot(clientId);
      this.cache.remember(clientId, state, cleanAt);
      return state;
    } catch {
      return 'healthy';
    }
  }

  private async changed(
    clientId: string,
    from: RpHealthState,
    to: RpHealthState,
    cause: 'outcome',
    lastError: string | null,
  ): Promise<void> {
    let moved = 0;
    if (to === 'paused') moved = await this.pauseRows(clientId);
    else if (from === 'paused') moved = await this.release(clientId);
    this.announce(clientId, from, to, cause, lastError, moved);
  }

  /**
   * Hold the RP's open deliveries as `paused`, then look at Redis again: a resume (the probe or an admin, in
   * any process) that ran between reading `paused` and this write released nothing, and with Redis saying
   * healthy the probe would never look at the RP again, leaving the rows paused for good. Any resume after the
   * re-check releases these rows itself. In doubt (Redis unreadable) the rows are released: delivered late
   * to a sick RP rather than never.
   */
  private async pauseRows(clientId: string): Promise<number> {
    const moved = await this.deliveries.pauseClient(clientId);
    if (moved === 0) return 0;
    const still = await this.store.state(clientId).catch(() => null);
    if (still === 'paused') return moved;
    this.cache.changed(clientId, still ?? 'healthy');
    await this.release(clientId);
    return 0;
  }

  private async release(clientId: string): Promise<number> {
    const ids = await this.deliveries.resumeClient(clientId);
    // Their jobs may have finished while paused (an attempt of a paused row does nothing).
    if (ids.length > 0) await this.queue.revive(ids);
    return ids.length;
  }

  private announce(
    clientId: string,
    from: RpHealthState,
    to: RpHealthState,
    cause: RpHealthChangedEvent['cause'],
    lastError: string | null,
    deliveries: number,
  ): void {
    const line = {
      event: 'backchannel_logout.rp_health',
      clientId,
      from,
      to,
      cause,
      deliveries,
      ...(lastError ? { lastError } : {}),
    };
    if (to === 'healthy') this.logger.log(line);
    else if (to === 'degraded') this.logger.warn(line);
    else this.logger.error(line);
    try {
      this.emitter?.emit(
        RP_HEALTH_CHANGED_EVENT,
        new RpHealthChangedEvent(clientId, from, to, cause, lastError, deliveries),
      );
    } catch (err) {
      this.logger.error(`listener of ${RP_HEALTH_CHANGED_EVENT} threw: ${(err as Error).message}`);
    }
  }
}

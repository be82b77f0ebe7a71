import { setMaxListeners } from 'node:events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { RpBusyError } from '../health/rp-busy.error';
import { logoutBackoffDelay } from './delivery-backoff.strategy';
import { DeliveryAttemptResult } from './delivery-outcome';
import { DeliveryQueueGateway } from './delivery-queue.gateway';
import { LogoutDeliveryEntity } from './logout-delivery.entity';
import { LogoutDeliveryService } from './logout-delivery.service';

interface InFlightAttempt {
  readonly clientId: string;
  /** Settles (never rejects) once the attempt's outcome is recorded, or it failed. */
  readonly attempted: Promise<void>;
}

/**
 * The first attempt of a delivery, made by the process that took the logout right after the outbox commit
 * (`delivery.dispatchInline`): no wait for a worker to pick the job. The attempt goes through
 * {@link LogoutDeliveryService.attempt}, so it is checked, recorded and reported exactly like a worker's.
 * It starts while its job is being added, with a delay: the row is what makes the delivery durable, and the
 * job stays the fallback, which a worker takes only if this attempt did not settle (the process died) or
 * asked for a retry; after a final outcome the job finds the row terminal and does nothing. A duplicate POST
 * is bounded to one, and only when an attempt outlives the job's delay (or the enqueue failed and the relay
 * re-adds the row while the attempt is still in flight).
 * At shutdown ({@link stop}, {@link drain}) the same fallback takes over whatever is not done in time.
 */
@Injectable()
export class InlineDeliveryDispatcher {
  private readonly logger = new Logger('BackchannelLogout');
  /** Slots taken, from {@link reserve} until the attempt settled (or {@link release}). */
  private reserved = 0;
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  /** Aborted when the shutdown stops waiting: attempts still running are cut and record nothing. */
  private readonly cut = new AbortController();
  private idleWaiters: Array<() => void> = [];
  /** Per logout, the attempts in flight here (settled once their outcome is recorded), for the bounded wait. */
  private readonly attempts = new Map<string, Map<string, InFlightAttempt>>();

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly deliveries: LogoutDeliveryService,
    private readonly queue: DeliveryQueueGateway,
  ) {
    // Every attempt in flight listens on the one shutdown signal (up to `delivery.concurrency` at once, each
    // removing its listener when done), so Node's default warning at 11 listeners is not a leak here.
    setMaxListeners(0, this.cut.signal);
  }

  /**
   * Take inline slots for the first of `ids` (at most `delivery.concurrency` attempts in flight in this
   * process); resolves to the ids taken. None when inline dispatch is off or this process runs no worker
   * (a `worker: false` process makes no outbound call: egress stays where the host put it).
   */
  reserve(ids: readonly string[]): string[] {
    if (this.stopped || !this.config.delivery.dispatchInline || !this.config.worker) return [];
    const free = Math.max(0, this.config.delivery.concurrency - this.reserved);
    const taken = ids.slice(0, free);
    this.reserved += taken.length;
    return taken;
  }

  /** Give back slots taken by {@link reserve} that will not be dispatched (the outbox write failed). */
  release(count: number): void {
    this.reserved -= count;
    if (this.reserved === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Sign the tokens of reserved rows while they are being stored (see {@link LogoutDeliveryService.presign}). */
  presign(rows: readonly LogoutDeliveryEntity[]): Map<string, Promise<string>> {
    return new Map(rows.map((row) => [row.id, this.deliveries.presign(row)]));
  }

  /**
   * Start the first attempt of each reserved row (as just written: not read back, so a pause that lands
   * in between acts as one during the attempt); does not wait for them. `enqueued`: whether their delayed
   * jobs were added (a retry or a deferral moves the job, so it waits for it; without a job the outbox relay
   * takes the row). `tokens`: from {@link presign}.
   */
  dispatch(
    rows: readonly LogoutDeliveryEntity[],
    enqueued: Promise<boolean>,
    tokens: ReadonlyMap<string, Promise<string>> = new Map(),
  ): void {
    // The shutdown already gave up waiting: these rows keep their delayed job, which delivers them.
    if (this.cut.signal.aborted) return this.release(rows.length);
    for (const row of rows) {
      const attempted = this.deliveries.attempt(
        row.id,
        false,
        row,
        tokens.get(row.id),
        this.cut.signal,
      );
      this.track(row, attempted);
      const run: Promise<void> = attempted
        .then(
          async (outcome) => {
            if (await enqueued) await this.retryLater(row.id, outcome);
          },
          async (err: Error) => {
            if (await enqueued) await this.notAttempted(row.id, err);
            else this.logger.warn(`inline attempt of delivery ${row.id} failed: ${err.message}`);
          },
        )
        // Moving the job failed (Redis down, or the queue closed at shutdown): the job still runs later.
        .catch((err: Error) =>
          this.logger[this.stopped ? 'debug' : 'warn'](
            `could not reschedule delivery ${row.id}: ${err.message}`,
          ),
        )
        .finally(() => {
          this.running.delete(run);
          this.release(1);
        });
      this.running.add(run);
    }
  }

  /** Shutdown, first step: take no new inline attempt (new deliveries get plain jobs for the workers). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Shutdown: wait for the attempts in flight (and those of logouts being stored, slots taken), at most
   * `timeoutMs`, then cut the rest. A cut attempt records nothing (and makes no Redis call): its row stays
   * `queued` and its delayed job, the durable fallback, delivers it from the next process. Resolves once no
   * attempt runs (a slot whose attempt is dispatched later releases itself at once); never rejects.
   */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const timedOut = await Promise.race([this.idle().then(() => false), late]);
    clearTimeout(timer);
    if (!timedOut) return;
    this.logger.log(
      `shutdown: ${this.reserved} inline attempt(s) still running after ${timeoutMs} ms are cut; their queued jobs deliver them`,
    );
    this.cut.abort();
    await Promise.all([...this.running]);
  }

  private idle(): Promise<void> {
    if (this.reserved === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once every inline attempt of `logoutId` in flight in this process, except those to
   * `exceptClientIds`, has recorded its outcome (or failed); `null` when there is none to wait for.
   */
  settled(logoutId: string, exceptClientIds: readonly string[] = []): Promise<void> | null {
    const inFlight = this.attempts.get(logoutId);
    if (!inFlight) return null;
    const waitFor = [...inFlight]
      .filter(([, row]) => !exceptClientIds.includes(row.clientId))
      .map(([, row]) => row.attempted);
    return waitFor.length === 0 ? null : Promise.all(waitFor).then(() => undefined);
  }

  private track(row: LogoutDeliveryEntity, attempted: Promise<unknown>): void {
    let inFlight = this.attempts.get(row.logoutId);
    if (!inFlight) this.attempts.set(row.logoutId, (inFlight = new Map<string, InFlightAttempt>()));
    const settled = attempted.then(
      () => undefined,
      () => undefined,
    );
    inFlight.set(row.id, { clientId: row.clientId, attempted: settled });
    void settled.then(() => {
      inFlight.delete(row.id);
      if (inFlight.size === 0 && this.attempts.get(row.logoutId) === inFlight)
        this.attempts.delete(row.logoutId);
    });
  }

  /** A retry asked for inline runs after the usual first backoff (with `Retry-After`), not the fallback delay. */
  private async retryLater(id: string, outcome: DeliveryAttemptResult | null): Promise<void> {
    if (outcome?.kind !== 'retry') return;
    const delay = logoutBackoffDelay(1, outcome, this.queue.backoff());
    await this.queue.reschedule(id, delay);
  }

  /**
   * Nothing was sent. An RP at its share of slots (issue #9) is a normal deferral: its job runs once the
   * deferral is over. Any other error leaves the row open and its job runs after the fallback delay.
   */
  private async notAttempted(id: string, err: Error): Promise<void> {
    if (err instanceof RpBusyError) return this.queue.reschedule(id, err.deferMs);
    this.logger[this.stopped ? 'debug' : 'warn'](
      `inline attempt of delivery ${id} failed: ${err.message}`,
    );
  }
}

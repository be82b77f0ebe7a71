import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { DeliveryQueueGateway } from './delivery-queue.gateway';
import { DeliveryOutbox } from './delivery.outbox';
import { DeliveryRepository, STALE_START, StaleCursor } from './delivery.repository';

/**
 * The outbox relay. Every `relayIntervalMs` it enqueues rows still `pending` (Redis was down when the
 * logout happened) and re-enqueues `queued`/`retrying` rows whose Bull job is gone (Redis restarted without
 * persistence). Several processes may run it at once: job id = delivery id keeps it idempotent. Stopped by
 * the module's shutdown order (`QueueShutdownLifecycle`), before the queue's Redis closes.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackchannelLogout');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /** Where the vanished-job check resumes, so every stale row is looked at over successive passes. */
  private staleCursor: StaleCursor = STALE_START;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly queue: DeliveryQueueGateway,
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: DeliveryOutbox,
  ) {}

  /** Redis errors repeat on every reconnect attempt: log one line per 30 s, not a flood. */
  private lastQueueError = 0;
  private readonly onQueueError = (err: Error): void => {
    if (Date.now() - this.lastQueueError < 30_000) return;
    this.lastQueueError = Date.now();
    this.logger.warn(`delivery queue unavailable (${err.message}); logouts are kept in the outbox`);
  };

  onApplicationBootstrap(): void {
    this.queue.onError(this.onQueueError);
    const interval = this.config.outbox.relayIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), interval);
    this.timer.unref();
  }

  /** Shutdown: no new pass; resolves once the pass in progress (if any) is over. */
  async stop(): Promise<void> {
    this.queue.offError(this.onQueueError);
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One relay pass (also callable by hand, e.g. from a health endpoint or a test). */
  runOnce(): Promise<void> {
    this.running ??= this.relay()
      .catch((err: Error) => this.logger.warn(`outbox relay pass failed: ${err.message}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async relay(): Promise<void> {
    const { batchSize, staleAfterMs } = this.config.outbox;
    const pending = await this.deliveries.findPendingIds(batchSize);
    if (pending.length > 0 && (await this.outbox.enqueue(pending))) {
      this.logger.log(`outbox relay enqueued ${pending.length} pending deliveries`);
    }
    const stale = await this.deliveries.findStale(
      new Date(Date.now() - staleAfterMs),
      this.staleCursor,
      batchSize,
    );
    const last = stale[stale.length - 1];
    this.staleCursor = stale.length < batchSize ? STALE_START : { at: last.updatedAt, id: last.id };
    if (stale.length === 0) return;
    // Non-terminal rows whose job vanished (or finished without recording an outcome).
    const lost = await this.queue.revive(stale.map((r) => r.id));
    if (lost.length === 0) return;
    await this.deliveries.touch(lost);
    this.logger.warn(
      `outbox relay re-enqueued ${lost.length} deliveries whose Bull job had vanished`,
    );
  }
}

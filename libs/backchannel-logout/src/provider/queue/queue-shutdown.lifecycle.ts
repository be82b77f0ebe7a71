import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { DeliveryQueueGateway } from '../delivery/delivery-queue.gateway';
import { InlineDeliveryDispatcher } from '../delivery/inline-delivery.dispatcher';
import { OutboxRelay } from '../delivery/outbox.relay';
import { SessionExpiryScheduler } from '../expiry/session-expiry.scheduler';
import { RpHealthProbe } from '../health/rp-health.probe';
import { MassLogoutScheduler } from '../mass-logout/mass-logout.scheduler';

/**
 * The module's one shutdown order for everything that talks to the delivery queue's Redis (and writes
 * outcomes to the database), so nothing calls a connection that is already closed:
 * 1. take no new work: no new inline attempt, the workers take no new job, no new probe round, relay pass,
 *    mass logout batch or session expiry batch;
 * 2. let the work in flight finish: inline attempts for at most `delivery.shutdownTimeoutMs` (then they are
 *    cut and their queued jobs deliver them from the next process), the probe round, the relay pass, the
 *    mass logout batch, the expiry scheduling;
 * 3. close the queue: Bull waits for the jobs still running (deliveries, a mass logout, an expiry run) and
 *    closes its connections.
 *
 * Nest 11 calls `onModuleDestroy` (modules nearest the root first), then `beforeApplicationShutdown`, then
 * closes the HTTP server, then `onApplicationShutdown`, where @nestjs/bull closes its queues and
 * @nestjs/typeorm destroys the DataSource. All of the above runs in `onModuleDestroy`, before both, and before
 * the modules this one imports are destroyed. A logout that still arrives (the HTTP server closes later) is
 * stored: its rows wait as `pending` or `queued` for the next process.
 */
@Injectable()
export class QueueShutdownLifecycle implements OnModuleDestroy {
  private readonly logger = new Logger('BackchannelLogout');
  private shutdown: Promise<void> | null = null;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly queue: DeliveryQueueGateway,
    private readonly inline: InlineDeliveryDispatcher,
    private readonly relay: OutboxRelay,
    private readonly probe: RpHealthProbe,
    private readonly massLogout: MassLogoutScheduler,
    private readonly expiry: SessionExpiryScheduler,
  ) {}

  onModuleDestroy(): Promise<void> {
    this.shutdown ??= this.stop();
    return this.shutdown;
  }

  private async stop(): Promise<void> {
    this.inline.stop();
    // Each stop() takes no new work at once and resolves when its work in flight is over.
    const inFlight = [
      this.queue.pauseWorker(),
      this.inline.drain(this.config.delivery.shutdownTimeoutMs),
      this.probe.stop(),
      this.relay.stop(),
      this.massLogout.stop(),
      this.expiry.stop(),
    ];
    for (const result of await Promise.allSettled(inFlight)) {
      if (result.status === 'rejected') {
        this.logger.debug(`shutdown: ${(result.reason as Error)?.message ?? result.reason}`);
      }
    }
    await this.queue.close();
  }
}

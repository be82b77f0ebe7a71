import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { DeliveryAttemptError } from './delivery-backoff.strategy';
import { DELIVERY_JOB, DeliveryJobData, DeliveryQueueGateway } from './delivery-queue.gateway';
import { LogoutDeliveryService } from './logout-delivery.service';
import { RpBusyError } from '../health/rp-busy.error';

/**
 * The Bull worker (registered when `worker` is on): a thin shell over {@link LogoutDeliveryService}.
 * Recoverable failures throw so Bull retries with the module's backoff; final ones are discarded first
 * so Bull does not retry them (BCL §2.5). Stopped by the module's shutdown order (`QueueShutdownLifecycle`).
 */
@Injectable()
export class LogoutDeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly queue: DeliveryQueueGateway,
    private readonly deliveries: LogoutDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.worker) return;
    this.queue.process<DeliveryJobData>(DELIVERY_JOB, this.config.delivery.concurrency, (job) =>
      this.handle(job),
    );
    this.logger.log(`delivery worker started (concurrency ${this.config.delivery.concurrency})`);
  }

  async handle(job: Job<DeliveryJobData>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.deliveries
      .attempt(job.data.deliveryId, lastAttempt)
      .catch((err: unknown) => this.deferIfBusy(job, err));
    if (!outcome) return 'skipped';
    // Final but not a failure: the job completes (issue #8, `unconfirmed`).
    if (outcome.kind === 'delivered' || outcome.kind === 'unconfirmed') return outcome.kind;
    // Bull types discard() as a promise; it is synchronous (it only sets a flag).
    if (outcome.kind === 'final') void job.discard();
    throw new DeliveryAttemptError(`${outcome.code}: ${outcome.message}`, outcome.retryAfterMs);
  }

  /** Issue #9: an RP at its share of slots gives this slot back; the job returns later, no attempt counted. */
  private async deferIfBusy(job: Job<DeliveryJobData>, err: unknown): Promise<never> {
    if (!(err instanceof RpBusyError)) throw err;
    await this.queue.uncountAttempt(job);
    throw new DeliveryAttemptError(err.message, undefined, err.deferMs);
  }
}

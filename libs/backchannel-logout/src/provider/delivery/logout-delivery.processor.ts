import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { DeliveryAttemptError } from './delivery-backoff.strategy';
import { DeliverySlotSemaphore } from './delivery-slot.semaphore';
import { DELIVERY_JOB, DeliveryJobData, DeliveryQueueGateway } from './delivery-queue.gateway';
import { LogoutDeliveryService } from './logout-delivery.service';
import { RpBusyError } from '../health/rp-busy.error';

/** Bull jobs the worker holds per delivery slot (see {@link DeliverySlotSemaphore}). */
const JOBS_PER_SLOT = 2;

/**
 * The Bull worker (registered when `worker` is on): a thin shell over {@link LogoutDeliveryService}.
 * Recoverable failures throw so Bull retries with the module's backoff; final ones are discarded first
 * so Bull does not retry them (BCL §2.5). Stopped by the module's shutdown order (`QueueShutdownLifecycle`).
 */
@Injectable()
export class LogoutDeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackchannelLogout');
  /** `delivery.concurrency` attempts talk to RPs at once, whichever of the queue's loops took their job. */
  readonly slots: DeliverySlotSemaphore;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly queue: DeliveryQueueGateway,
    private readonly deliveries: LogoutDeliveryService,
  ) {
    this.slots = new DeliverySlotSemaphore(config.delivery.concurrency);
  }

  onApplicationBootstrap(): void {
    if (!this.config.worker) return;
    const { concurrency } = this.config.delivery;
    // Issue #10: Bull runs JOBS_PER_SLOT jobs per slot, so while `concurrency` of them are attempted, the
    // others complete in Bull, fetch the next job and read its row (round trips that would idle a slot).
    this.queue.process<DeliveryJobData>(DELIVERY_JOB, concurrency * JOBS_PER_SLOT, (job) =>
      this.handle(job),
    );
    this.logger.log(`delivery worker started (concurrency ${concurrency})`);
  }

  async handle(job: Job<DeliveryJobData>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.deliveries
      .attempt(job.data.deliveryId, lastAttempt, undefined, undefined, undefined, this.slots)
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

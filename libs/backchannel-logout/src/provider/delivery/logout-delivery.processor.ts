import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { DeliveryAttemptError } from './delivery-backoff.strategy';
import { DELIVERY_JOB, DeliveryJobData } from './delivery.enqueuer';
import { LogoutDeliveryService } from './logout-delivery.service';

/**
 * The Bull worker (registered when `worker` is on): a thin shell over {@link LogoutDeliveryService}.
 * Recoverable failures throw so Bull retries with the module's backoff; final ones are discarded first
 * so Bull does not retry them (BCL §2.5).
 */
@Injectable()
export class LogoutDeliveryProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_QUEUE) private readonly queue: Queue<DeliveryJobData>,
    private readonly deliveries: LogoutDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.worker) return;
    this.queue
      .process(DELIVERY_JOB, this.config.delivery.concurrency, (job: Job<DeliveryJobData>) =>
        this.handle(job),
      )
      .catch((err: Error) => this.logger.error(`delivery worker stopped: ${err.message}`));
    this.logger.log(`delivery worker started (concurrency ${this.config.delivery.concurrency})`);
  }

  async handle(job: Job<DeliveryJobData>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.deliveries.attempt(job.data.deliveryId, lastAttempt);
    if (!outcome) return 'skipped';
    if (outcome.kind === 'delivered') return 'delivered';
    // Bull types discard() as a promise; it is synchronous (it only sets a flag).
    if (outcome.kind === 'final') void job.discard();
    throw new DeliveryAttemptError(`${outcome.code}: ${outcome.message}`, outcome.retryAfterMs);
  }

  /** Let running attempts finish and record their outcome before the host closes the DataSource. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

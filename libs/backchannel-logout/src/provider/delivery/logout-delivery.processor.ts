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
  private started: Promise<void> = Promise.resolve();

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
      .catch((err: unknown) => {
        // Bull rejects with nothing when the queue is closed while the worker starts: not an error.
        if (err instanceof Error) this.logger.error(`delivery worker stopped: ${err.message}`);
      });
    this.started = this.untilConnected();
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

  /**
   * Bull opens the worker's connections asynchronously after `process()`; closing the queue in between
   * leaves a connection open (and the process alive). Shutdown therefore waits for them, at most 3 s.
   */
  private async untilConnected(): Promise<void> {
    const clients = this.queue as unknown as {
      client: { status: string };
      bclient: { status: string };
    };
    for (let waited = 0; waited < 3000; waited += 20) {
      if (clients.client.status === 'ready' && clients.bclient.status === 'ready') return;
      await new Promise((resolve) => setTimeout(resolve, 20).unref());
    }
  }

  /** Let running attempts finish and record their outcome before the host closes the DataSource. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.started;
    await this.queue.close();
  }
}

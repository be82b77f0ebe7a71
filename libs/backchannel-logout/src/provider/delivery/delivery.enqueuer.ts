import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { DataSource, In, Repository } from 'typeorm';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE, BCL_QUEUE } from '../backchannel-logout.tokens';
import { LOGOUT_BACKOFF_STRATEGY, LogoutBackoffOptions } from './delivery-backoff.strategy';
import { LogoutDeliveryEntity } from './logout-delivery.entity';
import { isQueueOffline } from './queue-connection.util';

/** Name of the Bull job that delivers one Logout Token. */
export const DELIVERY_JOB = 'deliver';

/** A job carries only the delivery id: never the token, never the claims. */
export interface DeliveryJobData {
  readonly deliveryId: string;
}

const CHUNK = 500;

/** Puts stored deliveries on the Bull queue, in bulk, idempotently (job id = delivery id). */
@Injectable()
export class DeliveryEnqueuer {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly deliveries: Repository<LogoutDeliveryEntity>;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_QUEUE) private readonly queue: Queue<DeliveryJobData>,
    @Inject(BCL_DATA_SOURCE) dataSource: DataSource,
  ) {
    this.deliveries = dataSource.getRepository(LogoutDeliveryEntity);
  }

  /** Bull options of every delivery job. */
  jobOptions(id: string): JobOptions {
    const d = this.config.delivery;
    const options: LogoutBackoffOptions = {
      baseMs: d.backoffBaseMs,
      capMs: d.backoffCapMs,
      retryAfterCapMs: d.retryAfterCapMs,
    };
    return {
      jobId: id,
      attempts: d.attempts,
      backoff: { type: LOGOUT_BACKOFF_STRATEGY, options },
      removeOnComplete: d.keepCompletedJobs,
      removeOnFail: d.keepFailedJobs,
    };
  }

  /**
   * Add one job per id with ONE `addBulk`, then mark the rows `queued`. Resolves to `false` (rows stay
   * `pending` for the outbox relay) when Redis is down or does not answer within `enqueueTimeoutMs`.
   */
  async enqueue(ids: readonly string[]): Promise<boolean> {
    if (ids.length === 0) return true;
    if (isQueueOffline(this.queue)) return false;
    const jobs = ids.map((id) => ({
      name: DELIVERY_JOB,
      data: { deliveryId: id },
      opts: this.jobOptions(id),
    }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.outbox.enqueueTimeoutMs);
    });
    const added = this.queue.addBulk(jobs).then(
      () => 'added' as const,
      (err: Error) => {
        this.logger.warn(
          `enqueue failed, ${ids.length} deliveries stay in the outbox: ${err.message}`,
        );
        return 'failed' as const;
      },
    );
    const result = await Promise.race([added, timeout]);
    clearTimeout(timer);
    if (result !== 'added') return false;
    await this.markQueued(ids);
    return true;
  }

  private async markQueued(ids: readonly string[]): Promise<void> {
    const now = new Date();
    for (let i = 0; i < ids.length; i += CHUNK) {
      // Only rows still `pending`: a fast worker may already have delivered some of them.
      await this.deliveries.update(
        { id: In(ids.slice(i, i + CHUNK)), status: 'pending' },
        { status: 'queued', updatedAt: now },
      );
    }
  }
}

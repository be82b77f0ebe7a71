import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource, In, Repository } from 'typeorm';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE, BCL_QUEUE } from '../backchannel-logout.tokens';
import { DELIVERY_JOB, DeliveryEnqueuer, DeliveryJobData } from './delivery.enqueuer';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

const START = { at: new Date(0), id: '' };

/**
 * The outbox relay. Every `relayIntervalMs` it enqueues rows still `pending` (Redis was down when the
 * logout happened) and re-enqueues `queued`/`retrying` rows whose Bull job is gone (Redis restarted without
 * persistence). Several processes may run it at once: job id = delivery id keeps it idempotent.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly deliveries: Repository<LogoutDeliveryEntity>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /** Where the vanished-job check resumes, so every stale row is looked at over successive passes. */
  private staleCursor = START;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_QUEUE) private readonly queue: Queue<DeliveryJobData>,
    @Inject(BCL_DATA_SOURCE) dataSource: DataSource,
    private readonly enqueuer: DeliveryEnqueuer,
  ) {
    this.deliveries = dataSource.getRepository(LogoutDeliveryEntity);
  }

  /** Redis errors repeat on every reconnect attempt: log one line per 30 s, not a flood. */
  private lastQueueError = 0;
  private readonly onQueueError = (err: Error): void => {
    if (Date.now() - this.lastQueueError < 30_000) return;
    this.lastQueueError = Date.now();
    this.logger.warn(`delivery queue unavailable (${err.message}); logouts are kept in the outbox`);
  };

  onApplicationBootstrap(): void {
    this.queue.on('error', this.onQueueError);
    const interval = this.config.outbox.relayIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), interval);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.queue.off('error', this.onQueueError);
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
    const pending = await this.deliveries.find({
      select: { id: true },
      where: { status: 'pending' },
      order: { createdAt: 'ASC' },
      take: batchSize,
    });
    if (pending.length > 0 && (await this.enqueuer.enqueue(pending.map((r) => r.id)))) {
      this.logger.log(`outbox relay enqueued ${pending.length} pending deliveries`);
    }
    const stale = await this.deliveries
      .createQueryBuilder('d')
      .select(['d.id', 'd.updatedAt'])
      .where('d.status IN (:...statuses)', { statuses: ['queued', 'retrying'] })
      .andWhere('d.updatedAt < :before', { before: new Date(Date.now() - staleAfterMs) })
      .andWhere('(d.updatedAt > :at OR (d.updatedAt = :at AND d.id > :id))', this.staleCursor)
      .orderBy('d.updatedAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .take(batchSize)
      .getMany();
    const last = stale[stale.length - 1];
    this.staleCursor = stale.length < batchSize ? START : { at: last.updatedAt, id: last.id };
    if (stale.length > 0) await this.revive(stale.map((r) => r.id));
  }

  /** Re-add the jobs of non-terminal rows whose job vanished (or finished without recording an outcome). */
  private async revive(ids: string[]): Promise<void> {
    const lost: string[] = [];
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job) {
        lost.push(id);
      } else if (job.finishedOn) {
        await job.remove();
        lost.push(id);
      }
    }
    if (lost.length === 0) return;
    await this.queue.addBulk(
      lost.map((id) => ({
        name: DELIVERY_JOB,
        data: { deliveryId: id },
        opts: this.enqueuer.jobOptions(id),
      })),
    );
    await this.deliveries.update({ id: In(lost) }, { updatedAt: new Date() });
    this.logger.warn(
      `outbox relay re-enqueued ${lost.length} deliveries whose Bull job had vanished`,
    );
  }
}

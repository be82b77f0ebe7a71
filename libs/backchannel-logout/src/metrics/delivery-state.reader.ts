import type { Queue } from 'bull';
import { DataSource, In } from 'typeorm';
import { LogoutDeliveryEntity } from '../provider/delivery/logout-delivery.entity';
import { isQueueOffline } from '../provider/delivery/queue-connection.util';

/** Bull job states reported as queue depth. */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'paused',
] as const;
/** Audit statuses of deliveries that are not finished yet. */
export const OPEN_STATUSES = ['pending', 'queued', 'retrying'] as const;

/** What a scrape reports about the provider's queue and outbox (`null`: unavailable right now). */
export interface DeliveryStateSnapshot {
  readonly queue: {
    readonly counts: Readonly<Record<(typeof QUEUE_STATES)[number], number>>;
    /** Seconds since the job at the head of the wait list was created (0 when none waits). */
    readonly oldestWaitingAgeSeconds: number;
  } | null;
  readonly outbox: {
    readonly counts: Readonly<Record<(typeof OPEN_STATUSES)[number], number>>;
    /** Seconds since the oldest `pending` row (not yet accepted by Redis) was written (0 when none). */
    readonly oldestPendingAgeSeconds: number;
  } | null;
}

/**
 * Reads the queue depth from Bull and the open deliveries from the outbox table, once per scrape: the
 * gauges share one read (prom-client collects them concurrently). A Redis or database that
 * does not answer within the timeout is reported as unavailable instead of holding the scrape.
 */
export class DeliveryStateReader {
  private inFlight: Promise<DeliveryStateSnapshot> | null = null;

  constructor(
    private readonly queue: Queue | null,
    private readonly dataSource: DataSource | null,
    private readonly timeoutMs: number,
  ) {}

  /** One read shared by every gauge collected while it runs. */
  read(): Promise<DeliveryStateSnapshot> {
    this.inFlight ??= Promise.all([this.readQueue(), this.readOutbox()])
      .then(([queue, outbox]) => ({ queue, outbox }))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async readQueue(): Promise<DeliveryStateSnapshot['queue']> {
    const queue = this.queue;
    // ioredis would buffer the commands until Redis is back: answer "down" at once instead.
    if (!queue || isQueueOffline(queue)) return null;
    return this.bounded(async () => {
      const [counts, [oldest]] = await Promise.all([
        queue.getJobCounts(),
        // The wait list's tail is the next job a worker takes (Bull pushes on the left).
        queue.getJobs(['waiting'], 0, 0, true),
      ]);
      const all = counts as Partial<Record<(typeof QUEUE_STATES)[number], number>>;
      return {
        counts: Object.fromEntries(QUEUE_STATES.map((s) => [s, all[s] ?? 0])) as Record<
          (typeof QUEUE_STATES)[number],
          number
        >,
        oldestWaitingAgeSeconds: oldest ? ageSeconds(oldest.timestamp) : 0,
      };
    });
  }

  private async readOutbox(): Promise<DeliveryStateSnapshot['outbox']> {
    const dataSource = this.dataSource;
    if (!dataSource?.isInitialized) return null;
    return this.bounded(async () => {
      const repository = dataSource.getRepository(LogoutDeliveryEntity);
      // Open rows are few (finished ones are the bulk); both queries use the (status, updated_at) index.
      const rows = await repository
        .createQueryBuilder('d')
        .select('d.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .where({ status: In([...OPEN_STATUSES]) })
        .groupBy('d.status')
        .getRawMany<{ status: (typeof OPEN_STATUSES)[number]; count: string | number }>();
      const counts = { pending: 0, queued: 0, retrying: 0 };
      for (const row of rows) counts[row.status] = Number(row.count);
      const oldest =
        counts.pending > 0
          ? await repository.findOne({
              select: { id: true, createdAt: true },
              where: { status: 'pending' },
              order: { createdAt: 'ASC' },
            })
          : null;
      return {
        counts,
        oldestPendingAgeSeconds: oldest ? ageSeconds(new Date(oldest.createdAt).getTime()) : 0,
      };
    });
  }

  private async bounded<T>(read: () => Promise<T>): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([read().catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function ageSeconds(sinceMs: number): number {
  return Math.max(0, (Date.now() - sinceMs) / 1000);
}

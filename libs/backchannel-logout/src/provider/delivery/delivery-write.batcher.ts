import { DataSource, EntityManager } from 'typeorm';
import { serialized, serializedTransaction } from './delivery-insert.util';

interface QueuedWrite {
  readonly work: (manager: EntityManager) => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Coalesces the writes issued in one event-loop turn (the outcomes of attempts that ended together) into
 * one transaction: one commit, so one WAL flush on PostgreSQL and SQLite, instead of one per write. Each
 * write is the same statement it would be alone; each caller resolves once its batch is committed.
 */
export class DeliveryWriteBatcher {
  private queued: QueuedWrite[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Run `work` in the next batch; resolves once that batch is committed. */
  run(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ work, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    try {
      if (batch.length === 1) {
        await serialized(this.dataSource, () => batch[0].work(this.dataSource.manager));
      } else {
        await serializedTransaction(this.dataSource, async (manager) => {
          for (const write of batch) await write.work(manager);
        });
      }
      for (const write of batch) write.resolve();
    } catch (err) {
      for (const write of batch) write.reject(err);
    }
  }
}

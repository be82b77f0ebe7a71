/** Items per batch (each outcome is ~11 bound parameters). */
const MAX_BATCH = 500;

interface QueuedWrite<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit of the outcomes of attempts: a write waits for the end of the turn, then goes with every
 * other one queued by then in one batch (one statement, one commit). While a batch is being written, new
 * writes queue and go in the next batch as soon as it is done, so batches grow with the load and nothing
 * waits on a timer. Two writes for one `id` never share a batch: the later one goes in the next, in order.
 * Each caller resolves once its batch is committed, or rejects with its error.
 */
export class DeliveryWriteBatcher<T extends { readonly id: string }> {
  private queued: Array<QueuedWrite<T>> = [];
  private writing = false;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  /** Queue `item`; resolves once the batch that holds it is committed. */
  run(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (this.queued.length === 1 && !this.writing) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    const ids = new Set<string>();
    const batch: Array<QueuedWrite<T>> = [];
    const later: Array<QueuedWrite<T>> = [];
    for (const write of this.queued) {
      if (batch.length < MAX_BATCH && !ids.has(write.item.id)) {
        ids.add(write.item.id);
        batch.push(write);
      } else later.push(write);
    }
    this.queued = later;
    try {
      await this.write(batch.map((w) => w.item));
      for (const write of batch) write.resolve();
    } catch (err) {
      for (const write of batch) write.reject(err);
    } finally {
      this.writing = false;
      if (this.queued.length > 0) setImmediate(() => void this.flush());
    }
  }
}

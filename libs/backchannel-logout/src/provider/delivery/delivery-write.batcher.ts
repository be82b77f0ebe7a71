/** Items per batch (each outcome is ~11 bound parameters). */
const MAX_BATCH = 500;

interface QueuedWrite<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit of the outcomes of attempts: a write waits for the end of the turn, then goes with every
 * other one queued by then in one batch (one statement, one commit). While `maxBatches` batches are being
 * written, new writes queue and go in the next batch as soon as one is done, so batches grow with the load
 * and nothing waits on a timer. Two writes for one `id` never share a batch nor overlap: the later one
 * goes in a batch that starts once the earlier one's is committed.
 * Each caller resolves once its batch is committed, or rejects with its error.
 */
export class DeliveryWriteBatcher<T extends { readonly id: string }> {
  private queued: Array<QueuedWrite<T>> = [];
  /** Ids in batches being written: a later write of one waits for that batch (order per row). */
  private readonly writing = new Set<string>();
  private batches = 0;
  private scheduled = false;

  /** `maxBatches`: batches written at once (1 on a single-connection database, where they take turns). */
  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly maxBatches = 1,
  ) {}

  /** Queue `item`; resolves once the batch that holds it is committed. */
  run(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Flush at the end of this turn, unless a flush is due already or `maxBatches` are being written. */
  private schedule(): void {
    if (this.scheduled || this.batches >= this.maxBatches || this.queued.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch: Array<QueuedWrite<T>> = [];
    const later: Array<QueuedWrite<T>> = [];
    for (const write of this.queued) {
      if (batch.length < MAX_BATCH && !this.writing.has(write.item.id)) {
        this.writing.add(write.item.id);
        batch.push(write);
      } else later.push(write);
    }
    this.queued = later;
    // Nothing but writes of rows being written: the end of their batches flushes again.
    if (batch.length === 0) return;
    this.batches++;
    Promise.resolve()
      .then(() => this.write(batch.map((w) => w.item)))
      .then(
        () => batch.forEach((w) => w.resolve()),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        for (const w of batch) this.writing.delete(w.item.id);
        this.batches--;
        this.schedule();
      });
  }
}

/**
 * The worker's `delivery.concurrency` slots, first come first served. An attempt holds one from its RP
 * health admission until its outcome is committed, so no more than `concurrency` attempts can have reached
 * an RP without their outcome recorded (a killed worker repeats at most one request per slot). The worker
 * takes more Bull jobs than it has slots: a job's completion in Bull and the next job's fetch and row read
 * run while the slots serve other jobs, instead of each slot waiting for those round trips in turn (issue #10).
 */
export class DeliverySlotSemaphore {
  private free: number;
  private readonly waiting: Array<(release: () => void) => void> = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Resolves to the release function of a slot once one is free (in the order asked). */
  acquire(): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Slots taken now. */
  inUse(): number {
    return this.size - this.free;
  }

  /** Callers waiting for a slot now. */
  queued(): number {
    return this.waiting.length;
  }

  /** Idempotent: a slot is handed to the next caller waiting, or freed, once. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(this.releaser());
      else this.free++;
    };
  }
}

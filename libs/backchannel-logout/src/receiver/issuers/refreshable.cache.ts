/**
 * One cached remote value with single-flight loading:
 * - `get()` loads when empty or older than `maxAgeMs`; a failed load keeps serving the stale value, if any.
 * - `refresh()` reloads at most once per `cooldownMs`, however many callers ask (an unknown-`kid` flood
 *   costs the OP one request per cooldown). It resolves to false when the cooldown refused the reload.
 * Concurrent callers share one pending load.
 */
export class RefreshableCache<T> {
  private value: T | undefined;
  private loadedAt = 0;
  private valueRequestedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<T> {
    if (this.value !== undefined && this.now() - this.loadedAt < this.maxAgeMs) return this.value;
    if (!this.pending && this.coolingDown()) {
      if (this.value !== undefined) return this.value;
      throw new Error('the last load failed and the cooldown has not elapsed');
    }
    try {
      return await this.reload();
    } catch (err) {
      if (this.value !== undefined) return this.value;
      throw err;
    }
  }

  async refresh(): Promise<boolean> {
    if (this.pending) {
      await this.pending;
      return true;
    }
    if (this.coolingDown()) return false;
    await this.reload();
    return true;
  }

  /** When the load that produced the current value began (epoch ms): it reflects the source as of then. */
  get requestedAt(): number {
    return this.valueRequestedAt;
  }

  private coolingDown(): boolean {
    return this.now() - this.attemptedAt < this.cooldownMs;
  }

  private reload(): Promise<T> {
    if (this.pending) return this.pending;
    const startedAt = this.now();
    this.attemptedAt = startedAt;
    this.pending = this.load()
      .then((value) => {
        this.value = value;
        this.loadedAt = this.now();
        this.valueRequestedAt = startedAt;
        return value;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

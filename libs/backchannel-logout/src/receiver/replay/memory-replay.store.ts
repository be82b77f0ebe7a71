import type { ReplayKey, ReplayStore } from './replay-store.interface';
import { replayKeyString } from './replay-key.util';

/** Options of `MemoryReplayStore`. */
export interface MemoryReplayStoreOptions {
  /** Most entries kept; when full, expired entries are purged, then the oldest are evicted. Default 100000. */
  readonly maxEntries?: number;
}

/**
 * A `ReplayStore` in process memory: right for tests and a single instance. Several instances behind a load
 * balancer need a shared store (`RedisReplayStore` or `TypeOrmReplayStore`).
 */
export class MemoryReplayStore implements ReplayStore {
  // Map keeps insertion order, which is also (roughly) expiry order: tokens have similar lifetimes.
  private readonly entries = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(
    options: MemoryReplayStoreOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  markUsed(key: ReplayKey, expiresAt: number): Promise<boolean> {
    const id = replayKeyString(key);
    const existing = this.entries.get(id);
    if (existing !== undefined && existing > this.now()) return Promise.resolve(false);
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) this.makeRoom();
    this.entries.set(id, expiresAt);
    return Promise.resolve(true);
  }

  release(key: ReplayKey): Promise<void> {
    this.entries.delete(replayKeyString(key));
    return Promise.resolve();
  }

  /** Number of entries held (expired ones included until purged). */
  get size(): number {
    return this.entries.size;
  }

  private makeRoom(): void {
    const now = this.now();
    for (const [id, expiresAt] of this.entries) if (expiresAt <= now) this.entries.delete(id);
    for (const id of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}

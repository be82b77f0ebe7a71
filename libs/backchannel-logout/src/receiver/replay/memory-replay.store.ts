import type { ReplayKey, ReplayState, ReplayStore } from './replay-store.interface';
import { replayKeyString } from './replay-key.util';

/** Options of `MemoryReplayStore`. */
export interface MemoryReplayStoreOptions {
  /** Most entries kept; when full, expired entries are purged, then the oldest are evicted. Default 100000. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly expiresAt: number;
  /** The in-progress holder; `undefined` once done. */
  readonly owner?: string;
}

/**
 * A `ReplayStore` in process memory: right for tests and a single instance. Several instances behind a load
 * balancer need a shared store (`RedisReplayStore` or `TypeOrmReplayStore`).
 */
export class MemoryReplayStore implements ReplayStore {
  // Map keeps insertion order, which is also (roughly) expiry order: tokens have similar lifetimes.
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(
    options: MemoryReplayStoreOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  acquire(key: ReplayKey, owner: string, leaseUntil: number): Promise<ReplayState> {
    const id = replayKeyString(key);
    const existing = this.entries.get(id);
    if (existing !== undefined && existing.expiresAt > this.now()) {
      return Promise.resolve(existing.owner === undefined ? 'done' : 'in_progress');
    }
    this.set(id, { expiresAt: leaseUntil, owner });
    return Promise.resolve('acquired');
  }

  complete(key: ReplayKey, expiresAt: number): Promise<void> {
    this.set(replayKeyString(key), { expiresAt });
    return Promise.resolve();
  }

  release(key: ReplayKey, owner: string): Promise<void> {
    const id = replayKeyString(key);
    if (this.entries.get(id)?.owner === owner) this.entries.delete(id);
    return Promise.resolve();
  }

  /** Number of entries held (expired ones included until purged). */
  get size(): number {
    return this.entries.size;
  }

  private set(id: string, entry: Entry): void {
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) this.makeRoom();
    this.entries.set(id, entry);
  }

  private makeRoom(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    for (const id of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}

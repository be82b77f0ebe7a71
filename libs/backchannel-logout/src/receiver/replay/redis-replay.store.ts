import { REPLAY_HOLDER as HOLDER } from '../storage/redis-batch.script';
import { RedisConnection, type RedisStoreConnection } from '../storage/redis-connection';
import type { ReplayKey, ReplayState, ReplayStore } from './replay-store.interface';
import { digest } from './replay-key.util';

/** Digests of the issuers seen: only configured issuers get here (the verifier refuses the others). */
const MAX_CACHED_ISSUERS = 64;

/**
 * A `ReplayStore` in Redis, shared by every RP instance: one key per `(iss, jti)` holding `p:<owner>` while in
 * progress (with the lease as TTL) or `d` once done (until the token expires). Each operation is atomic on one
 * key (a step of the batch script, see `RedisBatchQueue`), so two instances receiving the same token at once
 * cannot both acquire it, and the store works unchanged on Redis Cluster. On one Redis node the claim shares a
 * command with the session index's lookup when both stores use the same client.
 */
export class RedisReplayStore implements ReplayStore {
  private readonly redis: RedisConnection;
  private readonly issuerDigests = new Map<string, string>();
  // The receiver claims, completes or releases one ReplayKey object: its Redis key is hashed once.
  private readonly keys = new WeakMap<ReplayKey, string>();

  constructor(connection: RedisStoreConnection) {
    this.redis = new RedisConnection(connection);
  }

  async acquire(key: ReplayKey, owner: string, leaseUntil: number): Promise<ReplayState> {
    const state = await this.redis.run(
      'acquire',
      this.keyOf(key),
      HOLDER + owner,
      ttlUntil(leaseUntil),
    );
    return state as ReplayState;
  }

  async complete(key: ReplayKey, expiresAt: number): Promise<void> {
    await this.redis.run('complete', this.keyOf(key), ttlUntil(expiresAt));
  }

  async release(key: ReplayKey, owner: string): Promise<void> {
    await this.redis.run('release', this.keyOf(key), HOLDER + owner);
  }

  /** Closes the connection if this store opened it from a URL. */
  close(): Promise<void> {
    return this.redis.close();
  }

  /** @internal The client and Redis key of `key`, for `RedisClaimKill`'s script. */
  redisTarget(key: ReplayKey): { client: RedisConnection['client']; key: string } {
    return { client: this.redis.client, key: this.keyOf(key) };
  }

  private keyOf(key: ReplayKey): string {
    let redisKey = this.keys.get(key);
    if (redisKey === undefined) {
      redisKey = this.redis.key('jti', this.issuerDigest(key.iss), digest(key.jti));
      this.keys.set(key, redisKey);
    }
    return redisKey;
  }

  private issuerDigest(iss: string): string {
    let hashed = this.issuerDigests.get(iss);
    if (hashed === undefined) {
      hashed = digest(iss);
      if (this.issuerDigests.size < MAX_CACHED_ISSUERS) this.issuerDigests.set(iss, hashed);
    }
    return hashed;
  }
}

function ttlUntil(epochMs: number): number {
  return Math.max(1, Math.ceil(epochMs - Date.now()));
}

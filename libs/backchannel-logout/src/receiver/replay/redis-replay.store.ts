import { RedisConnection, type RedisStoreConnection } from '../storage/redis-connection';
import type { ReplayKey, ReplayState, ReplayStore } from './replay-store.interface';
import { digest } from './replay-key.util';

const DONE = 'd';
const HOLDER = 'p:';

// KEYS[1]: the record. ARGV: holder value, lease ms. One round trip: claim it, or say what it is.
const ACQUIRE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'acquired'
end
if v == '${DONE}' then return 'done' end
return 'in_progress'`;

// Only the holder of the in-progress lease may free it; a done record stays.
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A `ReplayStore` in Redis, shared by every RP instance: one key per `(iss, jti)` holding `p:<owner>` while in
 * progress (with the lease as TTL) or `d` once done (until the token expires). Each operation is one atomic
 * round trip on one key, so two instances receiving the same token at once cannot both acquire it, and the
 * store works unchanged on Redis Cluster.
 */
export class RedisReplayStore implements ReplayStore {
  private readonly redis: RedisConnection;

  constructor(connection: RedisStoreConnection) {
    this.redis = new RedisConnection(connection);
  }

  async acquire(key: ReplayKey, owner: string, leaseUntil: number): Promise<ReplayState> {
    const state = await this.redis.client.eval(
      ACQUIRE_SCRIPT,
      1,
      this.keyOf(key),
      HOLDER + owner,
      ttlUntil(leaseUntil),
    );
    return state as ReplayState;
  }

  async complete(key: ReplayKey, expiresAt: number): Promise<void> {
    await this.redis.client.set(this.keyOf(key), DONE, 'PX', ttlUntil(expiresAt));
  }

  async release(key: ReplayKey, owner: string): Promise<void> {
    await this.redis.client.eval(RELEASE_SCRIPT, 1, this.keyOf(key), HOLDER + owner);
  }

  /** Closes the connection if this store opened it from a URL. */
  close(): Promise<void> {
    return this.redis.close();
  }

  private keyOf(key: ReplayKey): string {
    return this.redis.key('jti', digest(key.iss), digest(key.jti));
  }
}

function ttlUntil(epochMs: number): number {
  return Math.max(1, Math.ceil(epochMs - Date.now()));
}

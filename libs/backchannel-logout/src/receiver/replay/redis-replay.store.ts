import { RedisConnection, type RedisStoreConnection } from '../storage/redis-connection';
import type { ReplayKey, ReplayStore } from './replay-store.interface';
import { digest } from './replay-key.util';

/**
 * A `ReplayStore` in Redis, shared by every RP instance: `SET <prefix>jti:<iss digest>|<jti digest> 1 NX PX <ttl>`
 * — atomic, so two instances receiving the same token at once cannot both accept it.
 */
export class RedisReplayStore implements ReplayStore {
  private readonly redis: RedisConnection;

  constructor(connection: RedisStoreConnection) {
    this.redis = new RedisConnection(connection);
  }

  async markUsed(key: ReplayKey, expiresAt: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(expiresAt - Date.now()));
    const result = await this.redis.client.set(this.keyOf(key), '1', 'PX', ttl, 'NX');
    return result === 'OK';
  }

  async release(key: ReplayKey): Promise<void> {
    await this.redis.client.del(this.keyOf(key));
  }

  /** Closes the connection if this store opened it from a URL. */
  close(): Promise<void> {
    return this.redis.close();
  }

  private keyOf(key: ReplayKey): string {
    return this.redis.key('jti', digest(key.iss), digest(key.jti));
  }
}

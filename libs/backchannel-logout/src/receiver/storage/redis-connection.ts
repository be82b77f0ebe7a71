import type { Cluster, Redis } from 'ioredis';
import { loadOptionalPeer } from '../../common/optional-peer.loader';
import { RedisBatchQueue } from './redis-batch.queue';
import type { RedisBatchOp } from './redis-batch.script';

/**
 * How a Redis-backed store reaches Redis: your ioredis client or ioredis `Cluster` (you close it), or a URL of a
 * single Redis (the store closes it). Every store keeps the keys of one command or script in one cluster slot,
 * so a `Cluster` needs no special key prefix.
 *
 * @example
 * new RedisLogoutMarkerStore({ client: new Cluster([{ host: 'redis-1', port: 6379 }]) })
 */
export type RedisStoreConnection =
  | { readonly client: Redis | Cluster; readonly keyPrefix?: string }
  | { readonly url: string; readonly keyPrefix?: string };

/** Default prefix of every key the receiver's Redis stores write. */
export const DEFAULT_REDIS_KEY_PREFIX = 'bcl:rp:';

/** A Redis client plus whether this library opened it (and therefore must close it). */
export class RedisConnection {
  readonly client: Redis | Cluster;
  readonly keyPrefix: string;
  private readonly owned: boolean;
  private readonly batch: RedisBatchQueue;

  constructor(options: RedisStoreConnection) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if ('client' in options) {
      this.client = options.client;
      this.owned = false;
    } else {
      // ioredis is an optional peer: loaded only when a store is built from a URL.
      const { default: IORedis } = loadOptionalPeer<{ default: new (url: string) => Redis }>(
        'ioredis',
        'receiver_invalid_options',
        'a Redis store built from a url needs ioredis: npm install ioredis',
      );
      this.client = new IORedis(options.url);
      this.owned = true;
    }
    this.batch = RedisBatchQueue.of(this.client);
  }

  /** Runs a single-key store operation together with the others of this tick on the same client. */
  run(op: RedisBatchOp, key: string, ...args: (string | number)[]): Promise<unknown> {
    return this.batch.run(op, key, ...args);
  }

  /** A key under the prefix; each part is URI-encoded so `|` and `:` inside `iss`/`sid`/`sub` cannot collide. */
  key(kind: string, ...parts: string[]): string {
    return `${this.keyPrefix}${kind}:${parts.map(encodeURIComponent).join('|')}`;
  }

  async close(): Promise<void> {
    if (this.owned && this.client.status !== 'end') await this.client.quit();
  }
}

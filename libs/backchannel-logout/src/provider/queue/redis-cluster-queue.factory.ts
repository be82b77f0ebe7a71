import type { QueueOptions } from 'bull';
import type { Cluster, ClusterNode, ClusterOptions } from 'ioredis';
import { loadOptionalPeer } from '../../common/optional-peer.loader';

/** Default Bull key prefix on Redis Cluster: the hash tag puts every key of the queue in one slot. */
export const DEFAULT_CLUSTER_QUEUE_PREFIX = '{bcl}';

/** Options of {@link redisClusterQueueOptions}. */
export interface RedisClusterQueueOptions {
  /** Bull key prefix; must contain a non-empty hash tag such as `{bcl}`. Default `{bcl}`. */
  readonly prefix?: string;
  /** ioredis `Cluster` options (`redisOptions` for passwords and TLS, `natMap`, ...). */
  readonly clusterOptions?: ClusterOptions;
}

/** The Bull options that put a queue on Redis Cluster: a hash-tagged prefix and a `Cluster` per connection. */
export type RedisClusterQueueSettings = Required<Pick<QueueOptions, 'prefix' | 'createClient'>>;

// Connections opened by createClient below; the module disconnects them when it shuts down, because Bull
// only closes the connections it opened itself.
const openedForBull = new WeakSet<object>();

/** `true` for a connection {@link redisClusterQueueOptions} opened (the library closes it). */
export function openedForClusterQueue(connection: object): boolean {
  return openedForBull.has(connection);
}

/**
 * Bull options for a delivery queue on Redis Cluster, for the host's `BullModule.forRoot()`. Bull's Lua scripts
 * touch several keys of a queue at once, so every key shares the prefix's hash tag (one slot per queue); the
 * blocking and subscriber connections get `maxRetriesPerRequest: null` and no ready check, as Bull requires.
 *
 * @example
 * BullModule.forRoot({
 *   ...redisClusterQueueOptions([{ host: 'redis-1', port: 6379 }, { host: 'redis-2', port: 6379 }]),
 * })
 */
export function redisClusterQueueOptions(
  nodes: readonly ClusterNode[],
  options: RedisClusterQueueOptions = {},
): RedisClusterQueueSettings {
  const { Cluster: IORedisCluster } = loadOptionalPeer<{
    Cluster: new (nodes: ClusterNode[], options?: ClusterOptions) => Cluster;
  }>(
    'ioredis',
    'invalid_options',
    'a delivery queue on Redis Cluster needs ioredis: npm install ioredis',
  );
  const cluster = options.clusterOptions ?? {};
  return {
    prefix: options.prefix ?? DEFAULT_CLUSTER_QUEUE_PREFIX,
    createClient: (type) => {
      const blocking = type === 'bclient' || type === 'subscriber';
      const connection = new IORedisCluster([...nodes], {
        ...cluster,
        redisOptions: {
          ...cluster.redisOptions,
          ...(blocking ? { maxRetriesPerRequest: null, enableReadyCheck: false } : {}),
        },
      });
      openedForBull.add(connection);
      return connection;
    },
  };
}

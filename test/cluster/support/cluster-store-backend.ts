import type { StoreBackend } from '../../receiver/fixtures/store-backends';
import { uniquePrefix } from '../../support/redis';
import { startRedisCluster } from '../../support/redis-cluster';

/** A store-contract backend on a fresh three-master Redis Cluster; `dispose` stops the cluster. */
export async function redisClusterBackend(): Promise<StoreBackend> {
  const cluster = await startRedisCluster();
  return { redis: cluster.client(), prefix: `${uniquePrefix('stores')}:`, dispose: cluster.stop };
}

/**
 * The logout-marker strategy through the receiver module with `RedisLogoutMarkerStore` on a real three-master
 * Redis Cluster (an ioredis `Cluster` client, the default key prefix: markers spread over all slots).
 */
import { RedisLogoutMarkerStore } from 'nestjs-backchannel-logout/receiver';
import { describeLogoutMarkers } from '../receiver/fixtures/logout-markers.suite';
import { startRedisCluster } from '../support/redis-cluster';

describeLogoutMarkers([
  [
    'redis cluster',
    async () => {
      const cluster = await startRedisCluster();
      return {
        store: new RedisLogoutMarkerStore({ client: cluster.client() }),
        dispose: cluster.stop,
      };
    },
  ],
]);

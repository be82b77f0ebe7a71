/**
 * The logout-marker strategy for stateless sessions (signed cookies): a Logout Token records a marker, and the
 * guard/middleware refuse the logged-out session on its next request, while a later login gets through.
 * Runs against the Redis and the memory marker stores (test/cluster runs it on Redis Cluster).
 */
import Redis from 'ioredis';
import {
  MemoryLogoutMarkerStore,
  RedisLogoutMarkerStore,
} from 'nestjs-backchannel-logout/receiver';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { describeLogoutMarkers } from './fixtures/logout-markers.suite';

describeLogoutMarkers([
  [
    'memory',
    () =>
      Promise.resolve({ store: new MemoryLogoutMarkerStore(), dispose: () => Promise.resolve() }),
  ],
  [
    'redis',
    () => {
      const redis = new Redis(testRedisUrl());
      const prefix = uniquePrefix('markers');
      return Promise.resolve({
        store: new RedisLogoutMarkerStore({ client: redis, keyPrefix: `${prefix}:` }),
        dispose: async () => {
          await deleteKeysWithPrefix(prefix);
          redis.disconnect();
        },
      });
    },
  ],
]);

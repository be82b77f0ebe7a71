import Redis from 'ioredis';
import { testRedisUrl } from '../../../../../../test/support/redis';
import type { ResolvedReceiverConfig } from '../../receiver-config';
import { RedisReplayStore } from '../../replay/redis-replay.store';
import { ExpressSessionDestroyer } from './express-session.destroyer';
import { RedisClaimKill } from './redis-claim-kill.store';
import { RedisSessionDestroyer } from './redis-session.destroyer';
import { RedisSessionIndexStore } from './redis-session-index.store';
import type { SessionDestroyer } from './session-destroyer.interface';

describe('RedisClaimKill.from: only when one command can do it safely', () => {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true });
  const other = new Redis(testRedisUrl(), { lazyConnect: true });
  const flagged = Object.assign(new Redis(testRedisUrl(), { lazyConnect: true }), {
    isCluster: true,
  });
  afterAll(() => [redis, other, flagged].forEach((c) => c.disconnect()));

  function configOf(client: Redis, destroyer: SessionDestroyer, replayClient = client) {
    return {
      replayStore: new RedisReplayStore({ client: replayClient }),
      options: {
        sessions: { index: { store: new RedisSessionIndexStore({ client }), destroyer } },
      },
    } as unknown as ResolvedReceiverConfig;
  }
  const killOn = (client: Redis) => new RedisSessionDestroyer({ client, prefix: 'sess:' });

  it('applies with a RedisSessionDestroyer on the stores’ client of one node', () => {
    expect(RedisClaimKill.from(configOf(redis, killOn(redis)))).toBeInstanceOf(RedisClaimKill);
  });

  it('does not apply with another destroyer, another client, or a Cluster client', () => {
    const express = new ExpressSessionDestroyer({ destroy: (_id, cb) => cb?.() });
    expect(RedisClaimKill.from(configOf(redis, express))).toBeUndefined();
    expect(RedisClaimKill.from(configOf(redis, killOn(other)))).toBeUndefined();
    expect(RedisClaimKill.from(configOf(redis, killOn(redis), other))).toBeUndefined();
    expect(RedisClaimKill.from(configOf(flagged, killOn(flagged)))).toBeUndefined();
  });
});

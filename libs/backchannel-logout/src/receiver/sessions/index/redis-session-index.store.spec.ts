import Redis from 'ioredis';
import {
  deleteKeysWithPrefix,
  testRedisUrl,
  uniquePrefix,
} from '../../../../../../test/support/redis';
import { until } from '../../../../../../test/support/wait';
import { RedisSessionIndexStore } from './redis-session-index.store';

const ISS = 'https://op.example';

describe('RedisSessionIndexStore.unlink (real Redis)', () => {
  const prefix = `${uniquePrefix('session-index')}:`;
  let redis: Redis;
  let store: RedisSessionIndexStore;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
    store = new RedisSessionIndexStore({ client: redis, keyPrefix: prefix });
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(prefix);
    redis.disconnect();
  });

  const ids = async (query: Parameters<RedisSessionIndexStore['find']>[0]) =>
    (await store.find(query)).map((link) => link.sessionId);

  it('given the link find returned, unlinks without reading the hash again', async () => {
    await store.link({ iss: ISS, sub: 'alice', sid: 's-1', sessionId: 'A1' });
    const [link] = await store.find({ iss: ISS, sid: 's-1' });
    const reads = jest.spyOn(redis, 'hgetall');
    try {
      await store.unlink('A1', link);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    expect(await ids({ iss: ISS, sid: 's-1' })).toEqual([]);
    expect(await ids({ iss: ISS, sub: 'alice' })).toEqual([]);
    await expect(redis.exists(`${prefix}index:session:A1`)).resolves.toBe(0);
  });

  it('without a link, reads it first and unlinks all the same', async () => {
    await store.link({ iss: ISS, sub: 'bob', sid: 's-2', sessionId: 'B1' });
    await store.unlink('B1');
    expect(await ids({ iss: ISS, sid: 's-2' })).toEqual([]);
    expect(await ids({ iss: ISS, sub: 'bob' })).toEqual([]);
  });

  it('find is one round trip, finds ids with any characters, and drops expired members', async () => {
    const odd = "s p/é|:{x}%'()*~";
    await store.link({ iss: ISS, sub: 'carol', sessionId: odd });
    await store.link({ iss: ISS, sub: 'carol', sessionId: 'C2', ttlSeconds: 0.05 });
    await until(async () => (await redis.exists(`${prefix}index:session:C2`)) === 0);
    const calls = jest.spyOn(redis, 'sendCommand');
    try {
      expect(await ids({ iss: ISS, sub: 'carol' })).toEqual([odd]);
      expect(calls).toHaveBeenCalledTimes(1);
    } finally {
      calls.mockRestore();
    }
    await expect(
      redis.smembers(`${prefix}index:sub:${encodeURIComponent(ISS)}|carol`),
    ).resolves.toEqual([odd]);
  });
});

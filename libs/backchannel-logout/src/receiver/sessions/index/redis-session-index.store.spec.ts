import Redis from 'ioredis';
import {
  deleteKeysWithPrefix,
  testRedisUrl,
  uniquePrefix,
} from '../../../../../../test/support/redis';
import { until } from '../../../../../../test/support/wait';
import { RedisSessionIndexStore } from './redis-session-index.store';

const ISS = 'https://op.example';
const enc = encodeURIComponent;

/** The operations of a batch-script command (see RedisBatchQueue), from its arguments. */
function batchOps(args: unknown[]): string[] {
  const argv = args.slice(2 + Number(args[1]));
  const ops: string[] = [];
  for (let i = 0, at = 1; i < Number(argv[0]); i++, at += 2 + Number(argv[at + 1])) {
    ops.push(String(argv[at]));
  }
  return ops;
}

describe('RedisSessionIndexStore (real Redis)', () => {
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

  const ids = async (query: Parameters<RedisSessionIndexStore['find']>[0], s = store) =>
    (await s.find(query)).map((link) => link.sessionId);

  it('given the link find returned, unlinks without reading the hash again', async () => {
    await store.link({ iss: ISS, sub: 'alice', sid: 's-1', sessionId: 'A1' });
    const [link] = await store.find({ iss: ISS, sid: 's-1' });
    const calls = jest.spyOn(redis, 'sendCommand');
    try {
      await store.unlink('A1', link);
      // One batch: the session's hash and its two lookups, no HGETALL of the hash.
      expect(calls.mock.calls.map(([c]) => batchOps(c.args))).toEqual([['del', 'hdel', 'hdel']]);
    } finally {
      calls.mockRestore();
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

  it('on a Cluster client every lookup and unlink command touches one key', async () => {
    // A Cluster client only differs from this one by the flag the batch queue reads (ioredis's MULTI would not
    // work on it, so link goes through the plain client); test/cluster runs the stores on a real cluster.
    const flagged = Object.assign(new Redis(testRedisUrl()), { isCluster: true });
    await flagged.ping(); // connected: no command is queued offline and sent twice
    const clustered = new RedisSessionIndexStore({ client: flagged, keyPrefix: prefix });
    await store.link({ iss: ISS, sub: 'dave', sid: 's-3', sessionId: 'D1', authTime: 5 });
    const calls = jest.spyOn(flagged, 'sendCommand');
    try {
      await clustered.find({ iss: ISS, sid: 's-3' });
      await clustered.unlink('D1');
      const keysOf = (args: unknown[]) =>
        args.filter((a): a is string => typeof a === 'string' && a.startsWith(prefix));
      expect(calls.mock.calls.length).toBeGreaterThanOrEqual(6); // find + smembers, hgetall, del + 2 hdel
      for (const [command] of calls.mock.calls) {
        expect(new Set(keysOf(command.args as unknown[])).size).toBeLessThanOrEqual(1);
      }
    } finally {
      calls.mockRestore();
      flagged.disconnect();
    }
  });

  it('find is one command without legacy keys, finds ids with any characters, drops expired fields', async () => {
    const lean = new RedisSessionIndexStore({
      client: redis,
      keyPrefix: prefix,
      legacyKeys: false,
    });
    const odd = "s p/é|:{x}%'()*~";
    await lean.link({ iss: ISS, sub: 'carol', sessionId: odd });
    await lean.link({ iss: ISS, sub: 'carol', sessionId: 'C2', ttlSeconds: 0.05 });
    await until(async () => (await redis.exists(`${prefix}index:session:C2`)) === 0);
    const calls = jest.spyOn(redis, 'sendCommand');
    try {
      expect(await ids({ iss: ISS, sub: 'carol' }, lean)).toEqual([odd]);
      expect(calls).toHaveBeenCalledTimes(1);
    } finally {
      calls.mockRestore();
    }
    await expect(redis.hkeys(`${prefix}index:by-sub:${enc(ISS)}|carol`)).resolves.toEqual([odd]);
  });

  describe('upgrade from the 0.1.0 layout (sets per iss|sid and iss|sub)', () => {
    // Exactly what 0.1.0's link script wrote.
    const linkV1 = async (sessionId: string, sub: string, sid: string, authTime?: number) => {
      const hash = { iss: ISS, sub, sid, ...(authTime !== undefined ? { authTime } : {}) };
      await redis.hset(`${prefix}index:session:${enc(sessionId)}`, hash);
      await redis.sadd(`${prefix}index:sid:${enc(ISS)}|${enc(sid)}`, sessionId);
      await redis.sadd(`${prefix}index:sub:${enc(ISS)}|${enc(sub)}`, sessionId);
    };

    it('finds old links by sid and sub, with their fields, and unlinks them from the old sets', async () => {
      await linkV1('OLD1', 'erin', 'old-sid-1', 900);
      await linkV1('OLD2', 'erin', 'old-sid-2');
      await store.link({ iss: ISS, sub: 'erin', sid: 'new-sid', sessionId: 'NEW1' });
      await expect(store.find({ iss: ISS, sid: 'old-sid-1' })).resolves.toEqual([
        { iss: ISS, sub: 'erin', sid: 'old-sid-1', sessionId: 'OLD1', authTime: 900 },
      ]);
      expect((await ids({ iss: ISS, sub: 'erin' })).sort()).toEqual(['NEW1', 'OLD1', 'OLD2']);
      const [old] = await store.find({ iss: ISS, sid: 'old-sid-1' });
      await store.unlink('OLD1', old);
      await store.unlink('OLD2');
      expect(await ids({ iss: ISS, sub: 'erin' })).toEqual(['NEW1']);
      expect(await ids({ iss: ISS, sid: 'old-sid-1' })).toEqual([]);
      await expect(redis.exists(`${prefix}index:sub:${enc(ISS)}|erin`)).resolves.toBe(0);
    });

    it('relinking an old session moves it to the new layout; the old sets no longer name it', async () => {
      await linkV1('OLD3', 'frank', 'old-sid-3');
      await store.link({ iss: ISS, sub: 'frank', sid: 'fresh', sessionId: 'OLD3' });
      await expect(
        redis.sismember(`${prefix}index:sid:${enc(ISS)}|old-sid-3`, 'OLD3'),
      ).resolves.toBe(0);
      expect(await ids({ iss: ISS, sid: 'old-sid-3' })).toEqual([]);
      expect(await ids({ iss: ISS, sub: 'frank' })).toEqual(['OLD3']);
    });

    it('legacyKeys: false does not read them', async () => {
      await linkV1('OLD4', 'gina', 'old-sid-4');
      const lean = new RedisSessionIndexStore({
        client: redis,
        keyPrefix: prefix,
        legacyKeys: false,
      });
      expect(await ids({ iss: ISS, sid: 'old-sid-4' }, lean)).toEqual([]);
      expect(await ids({ iss: ISS, sid: 'old-sid-4' })).toEqual(['OLD4']);
    });
  });
});

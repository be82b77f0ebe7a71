import Redis from 'ioredis';
import { PrivateRedis } from '../../../../../test/provider/support/private-redis';
import {
  deleteKeysWithPrefix,
  testRedisUrl,
  uniquePrefix,
} from '../../../../../test/support/redis';
import { RedisBatchQueue } from './redis-batch.queue';

/** The commands `client` sends while `body` runs: their names and key counts. */
async function sent(client: Redis, body: () => Promise<unknown>) {
  const calls = jest.spyOn(client, 'sendCommand');
  try {
    await body();
    return calls.mock.calls.map(([c]) => ({ name: c.name, keys: c.getKeys().length }));
  } finally {
    calls.mockRestore();
  }
}

describe('RedisBatchQueue (real Redis)', () => {
  const prefix = `${uniquePrefix('batch')}:`;
  let redis: Redis;
  let queue: RedisBatchQueue;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
    queue = RedisBatchQueue.of(redis);
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(prefix);
    redis.disconnect();
  });

  it('is shared per client, so the operations of several stores coalesce', () => {
    expect(RedisBatchQueue.of(redis)).toBe(queue);
  });

  it('sends the operations of one event-loop turn as one command; each gets its own reply', async () => {
    await redis.hset(`${prefix}h1`, 'a', '1');
    let replies: unknown[] = [];
    const commands = await sent(redis, async () => {
      replies = await Promise.all([
        queue.run('acquire', `${prefix}jti-1`, 'p:me', 60_000),
        queue.run('acquire', `${prefix}jti-1`, 'p:other', 60_000),
        queue.run('hdel', `${prefix}h1`, 'a'),
        queue.run('smembers', `${prefix}none`),
      ]);
    });
    expect(commands).toEqual([{ name: expect.stringMatching(/^eval(sha)?$/), keys: 4 }]);
    // In order: the second claim of the same key sees the first one's lease.
    expect(replies).toEqual(['acquired', 'in_progress', 1, []]);
    await expect(redis.get(`${prefix}jti-1`)).resolves.toBe('p:me');
  });

  it('a failing operation rejects alone; the others of its batch still apply', async () => {
    await redis.set(`${prefix}plain`, 'x');
    const [bad, good] = await Promise.allSettled([
      queue.run('hdel', `${prefix}plain`, 'f'),
      queue.run('complete', `${prefix}jti-2`, 60_000),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: /WRONGTYPE/ } });
    expect(good).toEqual({ status: 'fulfilled', value: 1 });
    await expect(redis.get(`${prefix}jti-2`)).resolves.toBe('d');
  });

  it('release frees only its own lease, and never a done record', async () => {
    await queue.run('acquire', `${prefix}jti-3`, 'p:me', 60_000);
    await expect(queue.run('release', `${prefix}jti-3`, 'p:other')).resolves.toBe(0);
    await expect(queue.run('release', `${prefix}jti-3`, 'p:me')).resolves.toBe(1);
    await queue.run('complete', `${prefix}jti-3`, 60_000);
    await expect(queue.run('release', `${prefix}jti-3`, 'p:me')).resolves.toBe(0);
    await expect(queue.run('acquire', `${prefix}jti-3`, 'p:me', 60_000)).resolves.toBe('done');
  });

  it('on a Cluster client every operation goes out alone, one key per command', async () => {
    // A Cluster client only differs by this flag here; the real cluster suites are under test/cluster.
    const flagged = Object.assign(new Redis(testRedisUrl()), { isCluster: true });
    try {
      await flagged.ping(); // connected: no command is queued offline and sent twice
      const clusterQueue = RedisBatchQueue.of(flagged);
      const commands = await sent(flagged, () =>
        Promise.all([
          clusterQueue.run('del', `${prefix}a`),
          clusterQueue.run('del', `${prefix}b`),
          clusterQueue.run('find', `${prefix}c`),
        ]),
      );
      expect(commands.map((c) => c.keys)).toEqual([1, 1, 1]);
    } finally {
      flagged.disconnect();
    }
  });

  it('a failed command rejects every operation of its batch', async () => {
    const closed = new Redis(testRedisUrl());
    await closed.quit();
    const results = await Promise.allSettled([
      RedisBatchQueue.of(closed).run('del', `${prefix}x`),
      RedisBatchQueue.of(closed).run('del', `${prefix}y`),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('sends the script again when the server lost it (restart), then goes on with EVALSHA', async () => {
    const server = new PrivateRedis();
    await server.start();
    const client = new Redis(server.url);
    try {
      const own = RedisBatchQueue.of(client);
      await expect(own.run('del', 'k')).resolves.toBe(0);
      expect((await sent(client, () => own.run('del', 'k'))).map((c) => c.name)).toEqual([
        'evalsha',
      ]);
      await client.call('SCRIPT', 'FLUSH'); // what a restart or a failover to a fresh replica does
      const names = (await sent(client, () => own.run('del', 'k'))).map((c) => c.name);
      expect(names).toEqual(['evalsha', 'eval']);
    } finally {
      client.disconnect();
      await server.dispose();
    }
  });
});

import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { redisOptionsFromUrl } from '../../apps/provider/src/backchannel/redis-url.util';

/** The Redis the test run uses (set by globalSetup: REDIS_URL or a private redis-server). */
export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Host/port/credentials/db for Bull's `redis` option. */
export function testRedisOptions(): ReturnType<typeof redisOptionsFromUrl> {
  return redisOptionsFromUrl(testRedisUrl());
}

/** A Bull/key prefix unique to one test file (and one run), so parallel files never share keys. */
export function uniquePrefix(label: string): string {
  return `bcltest:${label}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Delete every key under a prefix (SCAN + UNLINK, never KEYS); the benchmarks use it too. */
/**
 * Deletes every key under `prefix` in one server-side script, so no client can write in between: what a Redis
 * restarted without persistence looks like to a process that keeps running. {@link deleteKeysWithPrefix} scans
 * in steps, and a job added between two steps can survive without its list (Bull's state "stuck").
 */
export async function wipeKeysWithPrefix(prefix: string, url = testRedisUrl()): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const script =
      "local keys = redis.call('KEYS', ARGV[1]) for _, k in ipairs(keys) do redis.call('DEL', k) end return #keys";
    return Number(await redis.eval(script, 0, `${prefix}*`));
  } finally {
    redis.disconnect();
  }
}

export async function deleteKeysWithPrefix(prefix: string, url = testRedisUrl()): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let cursor = '0';
  let deleted = 0;
  try {
    await redis.connect();
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

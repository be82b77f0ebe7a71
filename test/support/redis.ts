import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis the test run uses (set by globalSetup: REDIS_URL or a private redis-server). */
export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Host/port/password for Bull's `redis` option. */
export function testRedisOptions(): { host: string; port: number; password?: string; db?: number } {
  const u = new URL(testRedisUrl());
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
  };
}

/** A Bull/key prefix unique to one test file (and one run), so parallel files never share keys. */
export function uniquePrefix(label: string): string {
  return `bcltest:${label}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Delete every key under a prefix (SCAN, never KEYS). */
export async function deleteKeysWithPrefix(prefix: string): Promise<number> {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let deleted = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

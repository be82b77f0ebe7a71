/**
 * Our receiver for the throughput bench, in its own process: a Nest app with the library's receiver as
 * its README's Redis quick start shows it (Redis replay store, Redis session index, express-session
 * sessions in Redis via connect-redis, destroyed at once). The sessions are destroyed by a
 * `RedisSessionDestroyer` (connect-redis's key prefix), so the claim, the lookup and the kill are one Redis
 * command; BENCH_RECEIVER_DESTROY=store destroys them through connect-redis's `destroy` instead (two round
 * trips before the 200), for an A/B. Env: BENCH_ISSUER, BENCH_CLIENT_ID, BENCH_REDIS_URL, BENCH_KEY_PREFIX.
 * Call `seed` links sessions `s-<i>` to `(sid-<i>, user-<i>)`.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import RedisStore from 'connect-redis';
import Redis from 'ioredis';
import { BackchannelLogoutReceiverModule } from 'nestjs-backchannel-logout';
import {
  ExpressSessionDestroyer,
  RedisReplayStore,
  RedisSessionDestroyer,
  RedisSessionIndexStore,
} from 'nestjs-backchannel-logout/receiver';
import { serveParent } from '../support/child-main.util';

const toError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

serveParent(async () => {
  const env = process.env;
  const prefix = env.BENCH_KEY_PREFIX!;
  const redis = new Redis(env.BENCH_REDIS_URL!);
  const sessions = new RedisStore({ client: redis, prefix: `${prefix}sess:` });
  const index = new RedisSessionIndexStore({ client: redis, keyPrefix: prefix, ttlSeconds: 3600 });
  const destroyer =
    env.BENCH_RECEIVER_DESTROY === 'store'
      ? new ExpressSessionDestroyer(sessions)
      : new RedisSessionDestroyer({ client: redis, prefix: `${prefix}sess:` });

  @Module({
    imports: [
      BackchannelLogoutReceiverModule.forRoot({
        issuers: [{ issuer: env.BENCH_ISSUER!, clientId: env.BENCH_CLIENT_ID! }],
        replayStore: new RedisReplayStore({ client: redis, keyPrefix: prefix }),
        sessions: { index: { store: index, destroyer } },
      }),
    ],
  })
  class BenchReceiverModule {}

  const app = await NestFactory.create(BenchReceiverModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    ready: { url },
    handlers: {
      seed: async (payload) => {
        const { from, to } = payload as { from: number; to: number };
        const body = { cookie: { originalMaxAge: 3_600_000 }, user: 'bench' };
        const set = (id: string) =>
          new Promise<void>((resolve, reject) =>
            sessions.set(id, body as never, (err?: unknown) =>
              err ? reject(toError(err)) : resolve(),
            ),
          );
        for (let i = from; i < to; i += 500) {
          await Promise.all(
            Array.from({ length: Math.min(500, to - i) }, async (_, j) => {
              const n = i + j;
              await set(`s-${n}`);
              await index.link({
                iss: env.BENCH_ISSUER!,
                sub: `user-${n}`,
                sid: `sid-${n}`,
                sessionId: `s-${n}`,
              });
            }),
          );
        }
        return redis.dbsize();
      },
      liveSessions: async () => {
        let cursor = '0';
        let n = 0;
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}sess:*`, 'COUNT', 5000);
          cursor = next;
          n += keys.length;
        } while (cursor !== '0');
        return n;
      },
    },
    stop: async () => {
      await app.close();
      redis.disconnect();
    },
  };
});

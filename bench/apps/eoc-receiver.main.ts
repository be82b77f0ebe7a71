/**
 * express-openid-connect 3.4 (auth0/express-openid-connect) as the peer receiver, in its own process: an
 * express 5 app with `auth({ backchannelLogout: { store } })` and a connect-redis store, its documented
 * set-up for back-channel logout. Env: BENCH_ISSUER, BENCH_CLIENT_ID, BENCH_REDIS_URL, BENCH_KEY_PREFIX.
 * Call `markerSeen` reads a logout marker the way its isLoggedOut hook does.
 */
import RedisStore from 'connect-redis';
import safePromisify from 'express-openid-connect/lib/utils/promisifyCompat';
import express from 'express';
import { auth } from 'express-openid-connect';
import Redis from 'ioredis';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { serveParent } from '../support/child-main.util';

// Its advice about form_post over http concerns the login flow, which this bench does not use.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).startsWith("Using 'form_post'")) warn(...args);
};

type Callback = (err?: unknown, value?: unknown) => void;

/**
 * connect-redis 7's methods are async with a defaulted callback (`get(sid, cb = noop)`, length 1), so
 * express-openid-connect 3.4's promisify check takes `get` for promise-based, awaits it and reads
 * undefined: its isLoggedOut never sees a stored logout. Plain callback methods are promisified as it
 * expects, so it really stores and reads its markers.
 */
class CallbackStore {
  constructor(private readonly store: RedisStore) {}

  get(sid: string, callback: Callback): void {
    void this.store.get(sid, callback);
  }

  set(sid: string, session: unknown, callback: Callback): void {
    void this.store.set(sid, session as never, callback);
  }

  destroy(sid: string, callback: Callback): void {
    void this.store.destroy(sid, callback);
  }
}

serveParent(async () => {
  const env = process.env;
  const redis = new Redis(env.BENCH_REDIS_URL!);
  const store = new CallbackStore(
    new RedisStore({ client: redis, prefix: `${env.BENCH_KEY_PREFIX}eoc:` }),
  );
  const app = express();
  app.use(
    auth({
      issuerBaseURL: env.BENCH_ISSUER!,
      clientID: env.BENCH_CLIENT_ID!,
      baseURL: 'http://127.0.0.1:3000',
      secret: 'a-long-enough-secret-for-the-bench-0123456789',
      authRequired: false,
      idpLogout: false,
      backchannelLogout: { store: store as never },
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ready: { url: `http://127.0.0.1:${port}` },
    handlers: {
      markerSeen: async (sid) =>
        Boolean(await safePromisify(store.get, store)(`${env.BENCH_ISSUER!}|${String(sid)}`)),
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
});

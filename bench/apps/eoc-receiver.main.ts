/**
 * express-openid-connect 3.4 (auth0/express-openid-connect) as the peer receiver, in its own process: an
 * express 5 app with `auth({ backchannelLogout: { store } })` and a connect-redis store, its documented
 * set-up for back-channel logout. Env: BENCH_ISSUER, BENCH_CLIENT_ID, BENCH_REDIS_URL, BENCH_KEY_PREFIX.
 */
import RedisStore from 'connect-redis';
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

serveParent(async () => {
  const env = process.env;
  const redis = new Redis(env.BENCH_REDIS_URL!);
  const store = new RedisStore({ client: redis, prefix: `${env.BENCH_KEY_PREFIX}eoc:` });
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
    handlers: {},
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
});

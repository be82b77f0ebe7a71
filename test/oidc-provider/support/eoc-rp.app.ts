import express from 'express';
import { auth, requiresAuth } from 'express-openid-connect';
import Redis from 'ioredis';
import { Server } from 'node:http';
import { testRedisUrl } from '../../support/redis';

type Callback<T = void> = (err: Error | null, value?: T) => void;

/**
 * The logout store for express-openid-connect's `backchannelLogout.store`, on Redis, callback style.
 * Not connect-redis 7: express-openid-connect 3.4 treats its `async get(key, cb?)` (one declared parameter)
 * as promise-based, and that promise resolves to undefined, so `isLoggedOut` never sees a stored logout.
 */
function callbackRedisStore(redis: Redis, prefix: string) {
  return {
    get(key: string, cb: Callback<unknown>): void {
      redis.get(prefix + key).then((v) => cb(null, v ? JSON.parse(v) : undefined), cb);
    },
    set(key: string, value: { cookie: { maxAge: number } }, cb: Callback): void {
      redis
        .set(prefix + key, JSON.stringify(value), 'PX', value.cookie.maxAge)
        .then(() => cb(null), cb);
    },
    destroy(key: string, cb: Callback): void {
      redis.del(prefix + key).then(() => cb(null), cb);
    },
  };
}

/** An express-openid-connect 3.4 RP (code flow, its `backchannelLogout` option with a Redis logout store). */
export interface EocRp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * express-openid-connect as the other healthy RP, in-process on `port` (known before the OP registers it):
 * `/login` and `/callback` are its own; `/me` answers 200 with `{sub, sid}` while its session lives and
 * redirects to `/login` once a logout token for that session arrived at `/backchannel-logout`.
 */
export async function startEocRp(
  port: number,
  client: { client_id: string; client_secret: string },
  issuer: string,
  keyPrefix: string,
): Promise<EocRp> {
  const redis = new Redis(testRedisUrl());
  const store = callbackRedisStore(redis, `${keyPrefix}eoc:`);
  const url = `http://127.0.0.1:${port}`;
  const app = express();
  app.use(
    auth({
      issuerBaseURL: issuer,
      clientID: client.client_id,
      clientSecret: client.client_secret,
      baseURL: url,
      secret: 'a-long-enough-secret-for-the-eoc-rp-0123456789',
      authRequired: false,
      idpLogout: false,
      authorizationParams: { response_type: 'code', scope: 'openid' },
      backchannelLogout: { store: store as never },
    }),
  );
  app.get('/me', requiresAuth(), (req, res) => {
    res.json({ sub: req.oidc.user?.sub, sid: req.oidc.idTokenClaims?.sid ?? null });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
}

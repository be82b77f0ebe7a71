/**
 * The logout-marker strategy for stateless sessions (signed cookies): a Logout Token records a marker, and the
 * guard/middleware refuse the logged-out session on its next request, while a later login gets through.
 * Runs against the Redis and the memory marker stores.
 */
import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import {
  BackchannelLogoutReceiverModule,
  MemoryLogoutMarkerStore,
  RedisLogoutMarkerStore,
  LogoutMarkerStore,
  type MarkedSession,
} from 'nestjs-backchannel-logout';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import request from 'supertest';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { postLogoutToken } from './fixtures/post-logout-token';
import { bootApp } from './fixtures/small-app';
import { readSession, StatelessAppModule } from './fixtures/stateless-app';

const CLIENT_ID = 'rp-stateless';

type StoreCase = [string, () => { store: LogoutMarkerStore; dispose: () => Promise<void> }];

const stores: StoreCase[] = [
  ['memory', () => ({ store: new MemoryLogoutMarkerStore(), dispose: () => Promise.resolve() })],
  [
    'redis',
    () => {
      const redis = new Redis(testRedisUrl());
      const prefix = uniquePrefix('markers');
      return {
        store: new RedisLogoutMarkerStore({ client: redis, keyPrefix: `${prefix}:` }),
        dispose: async () => {
          await deleteKeysWithPrefix(prefix);
          redis.disconnect();
        },
      };
    },
  ],
];

describe.each(stores)('logout markers (%s store)', (_name, makeStore) => {
  let op: TestIssuer;
  let app: INestApplication;
  let dispose: () => Promise<void>;
  let store: LogoutMarkerStore;
  const loggedOutCalls: string[] = [];
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    op = await createTestIssuer();
    const made = makeStore();
    dispose = made.dispose;
    store = made.store;
    ({ app } = await bootApp([
      StatelessAppModule,
      BackchannelLogoutReceiverModule.forRoot({
        isGlobal: true,
        issuers: [op.receiverIssuerOptions(CLIENT_ID)],
        sessions: {
          markers: {
            store: made.store,
            ttlSeconds: 3600,
            sessionAccessor: readSession,
            onLoggedOut: (req, res) => {
              loggedOutCalls.push(readSession(req)?.sub ?? '?');
              res.clearCookie('session');
            },
          },
        },
      }),
    ]));
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
    await op?.close();
  });

  /**
   * Log in (as the OIDC callback would); the returned client always sends that session cookie, as a browser
   * that ignored the cookie-clearing answer (or a stolen cookie) would.
   */
  async function login(
    session: Omit<MarkedSession, 'iss'>,
  ): Promise<{ get: (path: string) => request.Test }> {
    const res = await request(app.getHttpServer())
      .post('/login')
      .send({ iss: op.issuer, ...session })
      .expect(204);
    const cookie = res.headers['set-cookie'][0].split(';')[0];
    return { get: (path) => request(app.getHttpServer()).get(path).set('Cookie', cookie) };
  }
  const logout = async (input: { sub?: string | null; sid?: string; iat?: number }) => {
    const claims = input.iat !== undefined ? { iat: input.iat, exp: input.iat + 120 } : {};
    const token = await op.logoutToken({
      clientId: CLIENT_ID,
      sub: input.sub,
      sid: input.sid,
      claims,
    });
    const res = await postLogoutToken(app, token);
    expect(res.status).toBe(200);
  };

  it("a sid token blocks that session (guard and middleware), not the user's other session", async () => {
    const a1 = await login({ sub: 'alice', sid: 'm-a1', authTime: now() - 100 });
    const a2 = await login({ sub: 'alice', sid: 'm-a2', authTime: now() - 100 });
    await a1.get('/me').expect(200, { sub: 'alice' });

    await logout({ sub: 'alice', sid: 'm-a1' });

    const refused = await a1.get('/me');
    expect(refused.status).toBe(401);
    expect(refused.headers['set-cookie']?.[0]).toMatch(/^session=;/);
    await a1.get('/mw/me').expect(401);
    await a2.get('/me').expect(200, { sub: 'alice' });
    await a2.get('/mw/me').expect(200, { sub: 'alice' });
    expect(loggedOutCalls).toContain('alice');
  });

  it('a sub token blocks every earlier session of the user; a login after it gets through', async () => {
    const b1 = await login({ sub: 'bob', sid: 'm-b1', authTime: now() - 200 });
    const b2 = await login({ sub: 'bob', sid: 'm-b2', authTime: now() - 100 });
    const iat = now() - 5;
    await logout({ sub: 'bob', iat });
    await b1.get('/me').expect(401);
    await b2.get('/me').expect(401);

    const later = await login({ sub: 'bob', sid: 'm-b3', authTime: iat + 1 });
    await later.get('/me').expect(200, { sub: 'bob' });
    // The marker is kept: the logged-out sessions stay out after the new login.
    await b1.get('/me').expect(401);
  });

  it('BCL-R-40: a late sub token does not kill a login that happened after its iat', async () => {
    const old = await login({ sub: 'carol', sid: 'm-c1', authTime: now() - 300 });
    const fresh = await login({ sub: 'carol', sid: 'm-c2', authTime: now() - 10 });
    await logout({ sub: 'carol', iat: now() - 60 });
    await old.get('/me').expect(401);
    await fresh.get('/me').expect(200, { sub: 'carol' });
  });

  it('an older token arriving late does not weaken a newer sub marker', async () => {
    const s = await login({ sub: 'dave', sid: 'm-d1', authTime: now() - 30 });
    await logout({ sub: 'dave', iat: now() });
    await logout({ sub: 'dave', iat: now() - 100 });
    await s.get('/me').expect(401);
  });

  it('BCL-R-33 in marker mode: a sid marker naming another sub does not block the session', async () => {
    const e = await login({ sub: 'erin', sid: 'm-e1', authTime: now() - 30 });
    await logout({ sub: 'mallory', sid: 'm-e1' });
    await e.get('/me').expect(200, { sub: 'erin' });
  });

  it('logging in again with the same OP sid clears its sid marker', async () => {
    const f = await login({ sub: 'frank', sid: 'm-f1', authTime: now() - 30 });
    await logout({ sid: 'm-f1', sub: null });
    await f.get('/me').expect(401);
    const again = await login({ sub: 'frank', sid: 'm-f1', authTime: now() });
    await again.get('/me').expect(200, { sub: 'frank' });
  });

  it('the configured store is injectable through the LogoutMarkerStore token', () => {
    expect(app.get(LogoutMarkerStore)).toBe(store);
  });

  it('anonymous requests pass', async () => {
    await request(app.getHttpServer()).get('/me').expect(200, {});
  });
});

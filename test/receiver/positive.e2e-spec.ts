/**
 * Accepted logouts (docs/conformance.md), on Express and Fastify against a real Nest app: each row asserts 200,
 * `Cache-Control: no-store`, and exactly which express-session sessions (in Redis) ended and which survived.
 * Out of scope: encrypted Logout Tokens (BCL-R-42, not supported; a JWE is refused, BCL-R-18).
 */
import { randomUUID } from 'node:crypto';
import { LOGOUT_TOKEN_EVENT_URI } from 'nestjs-backchannel-logout';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import type { Response } from 'supertest';
import { ReceiverFixture } from './fixtures/receiver.fixture';
import {
  RecordingNotifier,
  RecordingNotifierModule,
  RefreshTokenRegistry,
} from './fixtures/recording.notifier';
import { HTTP_ADAPTERS } from '../support/http-adapter';

const CLIENT_ID = 'rp-positive';
const CLIENT_SECRET = 'rp-positive-secret-0123456789abcdef';

describe.each(HTTP_ADAPTERS)(
  'BCL §2.6–§2.8 accepted logouts (BCL-R-02…BCL-R-40), on %s',
  (adapter) => {
    let op: TestIssuer;
    let opHs: TestIssuer;
    let rp: ReceiverFixture;
    const refreshTokens = new RefreshTokenRegistry();
    const notifier = (): RecordingNotifier => rp.app.get(RecordingNotifier);

    beforeAll(async () => {
      op = await createTestIssuer();
      opHs = await createTestIssuer({ signingAlgorithms: ['HS256'] });
      rp = await ReceiverFixture.start(op, {
        adapter,
        clientId: CLIENT_ID,
        imports: [RecordingNotifierModule],
        receiver: {
          issuers: [
            op.receiverIssuerOptions(CLIENT_ID),
            opHs.receiverIssuerOptions(CLIENT_ID, {
              clientSecret: CLIENT_SECRET,
              idTokenSignedResponseAlg: 'HS256',
            }),
          ],
          afterLogout: ({ endedSessionIds }) => refreshTokens.revokeForSessions(endedSessionIds),
          // Two trusted issuers: the local user is mapped with the issuer (Core §2: sub is unique per issuer).
          downstream: {
            notifier: RecordingNotifier,
            userIdFor: (token) => (token.iss === op.issuer ? token.sub : `hs:${token.sub}`),
          },
          // BCL-R-15 rotates a key seconds after the first JWKS fetch; the cooldown itself is tested in key-rotation.
          jwks: { cooldownSeconds: 0 },
        },
      });
    });
    afterAll(async () => {
      await rp?.close();
      await Promise.all([op?.close(), opHs?.close()]);
    });
    beforeEach(() => {
      rp.destroyer.destroyed.length = 0;
      notifier().calls.length = 0;
    });

    /** A fresh user with `count` sessions (ids `<user>-1`..., OP sids `<user>-sid-1`...). */
    async function userWithSessions(
      count: number,
      iss = op.issuer,
    ): Promise<{ sub: string; ids: string[] }> {
      const sub = `u-${randomUUID()}`;
      const ids = Array.from({ length: count }, (_, i) => `${sub}-${i + 1}`);
      for (const [i, id] of ids.entries())
        await rp.seedSession(id, { iss, sub, sid: `${sub}-sid-${i + 1}` });
      return { sub, ids };
    }

    function expectOk(res: Response): void {
      expect({ status: res.status, cacheControl: res.headers['cache-control'] }).toEqual({
        status: 200,
        cacheControl: 'no-store',
      });
    }

    async function expectEnded(ended: string[], survived: string[]): Promise<void> {
      expect(await rp.existing([...ended, ...survived])).toEqual(survived);
      expect([...rp.destroyer.destroyed].sort()).toEqual([...ended].sort());
    }

    const send = (token: string) => rp.postForm({ logout_token: token });

    it("BCL-R-32: sub only ends all of that user's sessions at that issuer, and no one else's", async () => {
      const alice = await userWithSessions(3);
      const bob = await userWithSessions(2);
      expectOk(await send(await op.logoutToken({ clientId: CLIENT_ID, sub: alice.sub })));
      await expectEnded(alice.ids, bob.ids);
    });

    it("BCL-R-32: sid only ends only that session; the user's other sessions survive", async () => {
      const alice = await userWithSessions(3);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sid: `${alice.sub}-sid-2`, sub: null }),
        ),
      );
      await expectEnded([alice.ids[1]], [alice.ids[0], alice.ids[2]]);
    });

    it('BCL-R-32: sub and sid (consistent) end the sid session only', async () => {
      const alice = await userWithSessions(2);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sub: alice.sub, sid: `${alice.sub}-sid-1` }),
        ),
      );
      await expectEnded([alice.ids[0]], [alice.ids[1]]);
    });

    it('BCL-R-22: aud as an array with only our client_id', async () => {
      const u = await userWithSessions(1);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, claims: { aud: [CLIENT_ID] } }),
        ),
      );
      await expectEnded(u.ids, []);
    });

    it.each(['logout+jwt', 'application/logout+jwt', 'Logout+JWT', 'APPLICATION/LOGOUT+JWT'])(
      'BCL-R-19: typ %s',
      async (typ) => {
        const u = await userWithSessions(1);
        expectOk(
          await send(await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, header: { typ } })),
        );
        await expectEnded(u.ids, []);
      },
    );

    it('BCL-R-19: no typ header (conformance suite and legacy OPs)', async () => {
      const u = await userWithSessions(1);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, header: { typ: undefined } }),
        ),
      );
      await expectEnded(u.ids, []);
    });

    it('BCL-R-19: typ JWT', async () => {
      const u = await userWithSessions(1);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, header: { typ: 'JWT' } }),
        ),
      );
      await expectEnded(u.ids, []);
    });

    it('BCL-R-31: unknown claims are ignored', async () => {
      const u = await userWithSessions(1);
      const claims = { ignored_claim: 'x', txn: 't-1', toe: 1, azp: CLIENT_ID };
      expectOk(await send(await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, claims })));
      await expectEnded(u.ids, []);
    });

    it('BCL-R-07: unknown form parameters are ignored', async () => {
      const u = await userWithSessions(1);
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub });
      expectOk(await rp.postForm({ ignored_parameter: 'x', logout_token: token, state: 'y' }));
      await expectEnded(u.ids, []);
    });

    it('BCL-R-28: the event member value is a non-empty object; other events are allowed too', async () => {
      const u = await userWithSessions(1);
      const events = {
        [LOGOUT_TOKEN_EVENT_URI]: { reason: 'x' },
        'https://example.com/other-event': {},
      };
      expectOk(
        await send(await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, claims: { events } })),
      );
      await expectEnded(u.ids, []);
    });

    it('BCL-R-34: a user or session the RP does not know is a success that ends nothing', async () => {
      const u = await userWithSessions(1);
      expectOk(await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'never-logged-in' })));
      expectOk(
        await send(await op.logoutToken({ clientId: CLIENT_ID, sid: 'unknown-sid', sub: null })),
      );
      await expectEnded([], u.ids);
    });

    it('BCL-R-34: a second valid logout for the same session with a new jti succeeds', async () => {
      const u = await userWithSessions(1);
      expectOk(await send(await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub })));
      expectOk(await send(await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub })));
      await expectEnded(u.ids, []);
    });

    it('BCL-R-23: iat a little in the future and exp just passed, within the 60 s tolerance', async () => {
      const now = Math.floor(Date.now() / 1000);
      const u = await userWithSessions(2);
      expectOk(
        await send(
          await op.logoutToken({
            clientId: CLIENT_ID,
            sid: `${u.sub}-sid-1`,
            claims: { iat: now + 30, exp: now + 150 },
          }),
        ),
      );
      expectOk(
        await send(
          await op.logoutToken({
            clientId: CLIENT_ID,
            sid: `${u.sub}-sid-2`,
            claims: { iat: now - 150, exp: now - 30 },
          }),
        ),
      );
      await expectEnded(u.ids, []);
    });

    it('BCL-R-13: HS256 keyed with the configured client secret', async () => {
      const u = await userWithSessions(1, opHs.issuer);
      expectOk(
        await send(
          await opHs.logoutToken({ clientId: CLIENT_ID, sub: u.sub, secret: CLIENT_SECRET }),
        ),
      );
      await expectEnded(u.ids, []);
    });

    it('BCL-R-15: a key published after the receiver started (kid unknown → one JWKS refetch)', async () => {
      const u = await userWithSessions(1);
      const before = op.requests.jwks;
      const key = op.unpublishedKey();
      op.publishKey(key);
      expectOk(await send(await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, key })));
      expect(op.requests.jwks).toBe(before + 1);
      await expectEnded(u.ids, []);
    });

    it('BCL-R-02: Content-Type with charset=UTF-8', async () => {
      const u = await userWithSessions(1);
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub });
      const res = await rp
        .http()
        .post('/backchannel-logout')
        .set('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8')
        .send(`logout_token=${token}`);
      expectOk(res);
      await expectEnded(u.ids, []);
    });

    it('BCL-R-37: the registered URI has a query component (?tenant=a)', async () => {
      const u = await userWithSessions(1);
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub });
      expectOk(await rp.postForm({ logout_token: token }, '/backchannel-logout?tenant=a'));
      await expectEnded(u.ids, []);
    });

    it('BCL-R-35: success is exactly 200 (not 204) with Cache-Control no-store and an empty body', async () => {
      const res = await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'nobody' }));
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toBe('');
    });

    it('BCL-R-38: the afterLogout hook revokes refresh tokens without offline_access of the ended sessions', async () => {
      const u = await userWithSessions(2);
      refreshTokens.add('rt-online', u.ids[0], false);
      refreshTokens.add('rt-offline', u.ids[0], true);
      refreshTokens.add('rt-other-session', u.ids[1], false);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sid: `${u.sub}-sid-1`, sub: u.sub }),
        ),
      );
      expect([...refreshTokens.tokens.keys()].sort()).toEqual(['rt-offline', 'rt-other-session']);
      await expectEnded([u.ids[0]], [u.ids[1]]);
    });

    it('BCL-R-39: an RP that is also an OP propagates the logout downstream (user, or each ended session)', async () => {
      const u = await userWithSessions(2);
      expectOk(
        await send(
          await op.logoutToken({ clientId: CLIENT_ID, sub: u.sub, sid: `${u.sub}-sid-2` }),
        ),
      );
      const iat = Math.floor(Date.now() / 1000) - 30;
      expectOk(
        await send(
          await op.logoutToken({
            clientId: CLIENT_ID,
            sub: u.sub,
            claims: { iat, exp: iat + 120 },
          }),
        ),
      );
      // loggedOutAt: the original logout time travels on, so the downstream guard keeps newer logins.
      expect(notifier().calls).toEqual([
        {
          method: 'logoutSession',
          input: { sid: u.ids[1], reason: 'upstream_backchannel_logout' },
        },
        {
          method: 'logoutUser',
          input: { sub: u.sub, reason: 'upstream_backchannel_logout', loggedOutAt: iat },
        },
      ]);
      await expectEnded(u.ids, []);
    });

    it('BCL-R-39: downstream maps (iss, sub): the same sub at another issuer is another local user', async () => {
      const sub = `u-${randomUUID()}`;
      expectOk(
        await send(await opHs.logoutToken({ clientId: CLIENT_ID, sub, secret: CLIENT_SECRET })),
      );
      expect(notifier().calls).toEqual([
        {
          method: 'logoutUser',
          input: expect.objectContaining({ sub: `hs:${sub}` }) as unknown,
        },
      ]);
    });

    it('BCL-R-40: a sub-only token that arrives late does not end a session authenticated after its iat', async () => {
      const now = Math.floor(Date.now() / 1000);
      const sub = `u-${randomUUID()}`;
      await rp.seedSession(`${sub}-old`, { sub, sid: `${sub}-sid-old`, authTime: now - 300 });
      await rp.seedSession(`${sub}-new`, { sub, sid: `${sub}-sid-new`, authTime: now - 10 });
      const late = await op.logoutToken({
        clientId: CLIENT_ID,
        sub,
        claims: { iat: now - 60, exp: now + 60 },
      });
      expectOk(await send(late));
      await expectEnded([`${sub}-old`], [`${sub}-new`]);
    });
  },
);

import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { LOGOUT_TOKEN_EVENT_URI } from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import { CapturingRp } from '../provider/support/capturing-rp';
import { databaseCases } from '../support/databases';
import { until } from '../support/wait';
import { AdminAgent } from './support/admin-agent';
import {
  authorizeCode,
  pkcePair,
  authorizeUrl,
  TestClient,
  tokenRequest,
} from './support/code-flow';
import { CookieAgent } from './support/cookie-agent';
import { json } from './support/json';
import { RunningProvider, startProvider } from './support/provider-harness';

const IDLE = 600;
const ABSOLUTE = 1000;

interface Expected {
  client: string;
  sub: string;
  sid?: string;
}

/**
 * The guarantee of issue 9: every way the sample provider ends a session — idle timeout, absolute
 * lifetime, admin ends a session, admin ends all of a user's sessions, user disabled, user deleted,
 * password reset — reaches every RP that took part with exactly one valid Logout Token for it, and the
 * audit keeps each trigger's own reason. "All sessions of a user" is one sub-only token per client (one
 * per sid for a client that requires sids); a single session is one token per RP with its sid.
 */
describe.each(databaseCases())(
  'every session end notifies (sample provider on %s)',
  (_db, database) => {
    let now = Date.now();
    let op: RunningProvider;
    let rp: CapturingRp;
    let plain: TestClient;
    let strict: TestClient;
    const expected: Expected[] = [];
    const reasons = new Map<string, string>();

    beforeAll(async () => {
      rp = await new CapturingRp().start();
      const client = (id: string, sessionRequired: boolean): TestClient => ({
        client_id: id,
        client_secret: `${id}-secret-0123456789`,
        redirect_uris: [`http://127.0.0.1:9/${id}/callback`],
        backchannel_logout_uri: rp.url(`/${id}`),
        backchannel_logout_session_required: sessionRequired,
      });
      plain = client('guarantee-plain', false);
      strict = client('guarantee-strict', true);
      op = await startProvider({
        database: await database.create(),
        clients: [plain, strict],
        sessionLifetime: {
          idleSeconds: IDLE,
          absoluteSeconds: ABSOLUTE,
          checkIntervalMs: 100,
          clock: () => new Date(now),
        },
      });
    });

    afterAll(async () => {
      await op?.close();
      await rp?.stop();
      await database.drop();
    });

    /** One browser signs in and both RPs join its OP session; returns its sub and sid. */
    async function session(user = { username: 'alice', password: 'alice-password' }) {
      const agent = new CookieAgent();
      let ids: { sub: string; sid: string } | undefined;
      for (const client of [plain, strict]) {
        const { callback, verifier } = await authorizeCode(agent, op.issuer, client, {}, user);
        const res = await tokenRequest(op.issuer, client, {
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code')!,
          redirect_uri: client.redirect_uris[0],
          code_verifier: verifier,
        });
        const idToken = decodeJwt(((await json(res)) as { id_token: string }).id_token);
        ids = { sub: idToken.sub!, sid: idToken.sid as string };
      }
      return { agent, ...ids! };
    }

    /** The agent's OP session still authenticates: /authorize answers with a code, not the login page. */
    async function authenticates(agent: CookieAgent): Promise<boolean> {
      const { challenge } = pkcePair();
      const res = await agent.get(
        authorizeUrl(op.issuer, plain, {
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      );
      return new URL(res.headers.get('location')!, op.issuer).searchParams.has('code');
    }

    function expectSessionEnd(s: { sub: string; sid: string }, reason: string): void {
      expected.push({ client: plain.client_id, ...s }, { client: strict.client_id, ...s });
      reasons.set(s.sid, reason);
    }
    /** "All sessions of the user": one sub-only token to the plain client, one per sid to the strict one. */
    function expectUserEnd(sub: string, sids: string[], reason: string): void {
      expected.push({ client: plain.client_id, sub });
      for (const sid of sids) {
        expected.push({ client: strict.client_id, sub, sid });
        reasons.set(sid, reason);
      }
    }
    const settled = () => until(() => rp.requests.length >= expected.length);

    async function admin(): Promise<AdminAgent> {
      const agent = new AdminAgent(op.issuer);
      expect((await agent.signIn()).status).toBe(303);
      return agent;
    }

    it('idle timeout: the job ends the session, and its stolen cookie no longer authenticates', async () => {
      const s = await session();
      now += (IDLE + 1) * 1000;
      // Whether this request or the expiry job gets there first, the cookie is refused and the RPs
      // are told once.
      expect(await authenticates(s.agent)).toBe(false);
      expectSessionEnd(s, 'session_expired_idle');
      await settled();
    });

    it('absolute lifetime: ends an active session', async () => {
      const s = await session();
      for (let step = 0; step < 2; step++) {
        now += (ABSOLUTE / 2) * 1000;
        expect(await authenticates(s.agent)).toBe(true);
      }
      now += 1000;
      expectSessionEnd(s, 'session_expired_absolute');
      await settled();
      expect(await authenticates(s.agent)).toBe(false);
    });

    it('admin ends one session: one token per RP, the other session lives', async () => {
      const [s, other] = [await session(), await session()];
      const res = await (
        await admin()
      ).submit('/admin/sessions', `/admin/sessions/${encodeURIComponent(s.sid)}/end`, {});
      expect(res.status).toBe(303);
      expectSessionEnd(s, 'admin_ended_session');
      await settled();
      expect(await authenticates(s.agent)).toBe(false);
      expect(await authenticates(other.agent)).toBe(true);
      // The other one is alice's too: ended with all of hers next.
      const admin2 = await admin();
      const ended = await admin2.submit(
        '/admin/users',
        `/admin/users/${other.sub}/end-sessions`,
        {},
      );
      expect(ended.status).toBe(303);
      expectUserEnd(other.sub, [other.sid], 'admin_ended_user_sessions');
      await settled();
    });

    it.each([
      ['end-sessions', 'admin_ended_user_sessions', {}],
      ['reset-password', 'password_reset', { password: 'a-brand-new-password' }],
    ])('admin %s: every session of the user ends', async (action, reason, form) => {
      const user = { username: 'bob', password: 'bob-password' };
      const [a, b] = [await session(user), await session(user)];
      const res = await (
        await admin()
      ).submit('/admin/users', `/admin/users/${a.sub}/${action}`, form);
      expect(res.status).toBe(303);
      expectUserEnd(a.sub, [a.sid, b.sid], reason);
      await settled();
      expect(await authenticates(a.agent)).toBe(false);
      expect(await authenticates(b.agent)).toBe(false);
    });

    it.each([
      ['disable', 'user_disabled', 'alice'],
      ['delete', 'user_deleted', 'bob'],
    ])('admin %s: every session of the user ends', async (action, reason, username) => {
      const password = username === 'bob' ? 'a-brand-new-password' : 'alice-password';
      const [a, b] = [await session({ username, password }), await session({ username, password })];
      const res = await (
        await admin()
      ).submit('/admin/users', `/admin/users/${a.sub}/${action}`, {});
      expect(res.status).toBe(303);
      expectUserEnd(a.sub, [a.sid, b.sid], reason);
      await settled();
      expect(await authenticates(a.agent)).toBe(false);
    });

    it('every RP that took part got exactly one valid Logout Token per ended session, with its reason in the audit', async () => {
      await settled();
      const jwks = createRemoteJWKSet(new URL(`${op.issuer}/jwks`));
      const received: Expected[] = [];
      const jtis: string[] = [];
      for (const request of rp.requests) {
        const client = request.url.slice(1);
        const token = new URLSearchParams(request.body).get('logout_token')!;
        const { payload, protectedHeader } = await jwtVerify(token, jwks, {
          issuer: op.issuer,
          audience: client,
          typ: 'logout+jwt',
        });
        expect(protectedHeader.typ).toBe('logout+jwt');
        expect(payload.events).toEqual({ [LOGOUT_TOKEN_EVENT_URI]: {} });
        expect(payload).not.toHaveProperty('nonce');
        jtis.push(payload.jti!);
        received.push({
          client,
          sub: payload.sub!,
          ...(payload.sid ? { sid: payload.sid as string } : {}),
        });
      }
      const key = (e: Expected) => `${e.client} ${e.sub} ${e.sid ?? '-'}`;
      expect(received.map(key).sort()).toEqual(expected.map(key).sort());
      // A sub-only token may repeat per user (two separate logouts of alice); a token never does.
      expect(new Set(jtis).size).toBe(rp.requests.length);

      const audit = await op.app
        .get(DataSource)
        .createQueryBuilder()
        .select(['d.sid AS sid', 'd.reason AS reason'])
        .from('bcl_delivery', 'd')
        .where('d.sid IS NOT NULL')
        .getRawMany<{ sid: string; reason: string }>();
      for (const row of audit)
        expect([row.sid, row.reason]).toEqual([row.sid, reasons.get(row.sid)]);
      expect(new Set(audit.map((r) => r.reason))).toEqual(new Set(reasons.values()));
    });
  },
);

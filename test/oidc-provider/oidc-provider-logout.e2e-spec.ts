/**
 * node-oidc-provider 9 with this library's delivery (`nestjs-backchannel-logout/oidc-provider`): a real
 * oidc-provider mounted in a Nest app, real Redis/Bull, the deliveries in SQLite (and PostgreSQL when
 * DATABASE_URL is set). Two healthy RPs (express-openid-connect with its backchannelLogout option, and the
 * sample receiver built on BackchannelLogoutReceiverModule) and one RP that never answers.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { BackchannelLogoutAuditService } from 'nestjs-backchannel-logout';
import type { LogoutDeliveryRecord } from 'nestjs-backchannel-logout/provider';
import { LOGOUT_TOKEN_TYP } from '../../libs/backchannel-logout/src/common/backchannel-logout.constants';
import { CookieAgent } from '../apps/support/cookie-agent';
import { json } from '../apps/support/json';
import { planReceiver, RunningReceiver, startReceiver } from '../apps/support/receiver-harness';
import {
  answerOidcProviderPrompts,
  endSessionAtOidcProvider,
  signInAtOidcProvider,
} from '../../bench/support/oidc-provider.flow';
import { CapturingRp } from '../provider/support/capturing-rp';
import { databaseCases, TestDatabase } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { freePort } from '../support/services';
import { until } from '../support/wait';
import { EocRp, startEocRp } from './support/eoc-rp.app';
import { OidcProviderHost, startOidcProviderHost } from './support/oidc-provider-host.app';

const WAIT_MS = 300;
const RP_TIMEOUT_MS = 2500;
const ACCOUNT = 'alice-oidc-provider';

describe.each(databaseCases())(
  'node-oidc-provider + this library, on %s',
  (_name, db: TestDatabase) => {
    const prefix = uniquePrefix('oidc-provider');
    let op: OidcProviderHost;
    let eoc: EocRp;
    let receiver: RunningReceiver;
    let hung: CapturingRp;

    beforeAll(async () => {
      const [opPort, eocPort, rpPort] = await Promise.all([freePort(), freePort(), freePort()]);
      hung = await new CapturingRp(['hang']).start();
      const plan = planReceiver(rpPort, 'library-rp');
      const eocClient = {
        client_id: 'eoc-rp',
        client_secret: 'eoc-rp-secret-0123456789abcdef',
        redirect_uris: [`http://127.0.0.1:${eocPort}/callback`],
        backchannel_logout_uri: `http://127.0.0.1:${eocPort}/backchannel-logout`,
        backchannel_logout_session_required: true,
      };
      op = await startOidcProviderHost({
        port: opPort,
        clients: [
          { ...plan.client },
          eocClient,
          {
            client_id: 'hung-rp',
            client_secret: 'hung-rp-secret-0123456789abcdef',
            redirect_uris: [`http://127.0.0.1:${hung.port}/callback`],
            backchannel_logout_uri: hung.url(),
            subject_type: 'pairwise',
          },
        ],
        database: await db.create(),
        redis: testRedisOptions(),
        prefix,
        waitMs: WAIT_MS,
        delivery: { timeoutMs: RP_TIMEOUT_MS, attempts: 3, backoffBaseMs: 100, backoffCapMs: 200 },
      });
      eoc = await startEocRp(eocPort, eocClient, op.issuer, prefix);
      receiver = await startReceiver(plan, op.issuer);
    });

    afterAll(async () => {
      await receiver?.close();
      await eoc?.close();
      await op?.close();
      await hung?.stop();
      await db.drop();
      await deleteKeysWithPrefix(prefix);
    });

    it('end_session returns without the hung RP; both healthy RPs end their sessions; the hung one is retried and audited', async () => {
      const agent = new CookieAgent();
      const me = async (url: string) => (await agent.get(`${url}/me`)).status;
      for (const rp of [receiver.url, eoc.url]) {
        await answerOidcProviderPrompts(agent, `${rp}/login`, (url) => url === `${rp}/`, ACCOUNT);
        expect(await me(rp)).toBe(200);
      }
      const sidAt = async (rp: string) =>
        ((await json(await agent.get(`${rp}/me`))) as { sid: string }).sid;
      const rpSid = await sidAt(receiver.url);
      const eocSid = await sidAt(eoc.url);
      await signInAtOidcProvider(
        agent,
        op.issuer,
        [
          {
            client_id: 'hung-rp',
            client_secret: '',
            redirect_uris: [`http://127.0.0.1:${hung.port}/callback`],
            post_logout_redirect_uris: [],
            backchannel_logout_uri: hung.url(),
          },
        ],
        ACCOUNT,
      );

      const endSessionMs = await endSessionAtOidcProvider(agent, op.issuer);

      // The redirect came after the bounded wait, not after the hung RP's timeout (node-oidc-provider alone
      // would have waited its 2.5 s fetch timeout).
      expect(endSessionMs).toBeLessThan(RP_TIMEOUT_MS);
      const audit = op.app.get(BackchannelLogoutAuditService);
      const rows = async () => (await audit.list({ sub: undefined })).items;
      const hungRow = async () => (await rows()).find((r) => r.clientId === 'hung-rp');
      expect((await hungRow())?.status).not.toMatch(/^(delivered|failed)$/);

      await until(async () => (await me(receiver.url)) === 401 && (await me(eoc.url)) === 302);

      const byClient = new Map((await rows()).map((r) => [r.clientId, r] as const));
      expect([...byClient.keys()].sort()).toEqual(['eoc-rp', 'hung-rp', 'library-rp']);
      // The end_session's calls (one per client) are stored as one logout: one write, one bounded wait.
      expect(new Set([...byClient.values()].map((r) => r.logoutId)).size).toBe(1);
      const expectRow = (r: LogoutDeliveryRecord | undefined, sid: string, sub = ACCOUNT) => {
        expect(r).toMatchObject({ sub, sid, reason: 'end_session' });
      };
      // node-oidc-provider's per-client sid (session.sidFor(clientId)): each RP gets the sid it received.
      expectRow(byClient.get('library-rp'), rpSid);
      expectRow(byClient.get('eoc-rp'), eocSid);
      expect(rpSid).not.toEqual(eocSid);
      expect(byClient.get('library-rp')?.status).toBe('delivered');
      expect(byClient.get('eoc-rp')?.status).toBe('delivered');

      // The hung RP: retried (same jti), then failed for good, every attempt in its audit row.
      await until(async () => (await hungRow())?.status === 'failed', 30_000);
      const finalHung = (await hungRow())!;
      expect(finalHung).toMatchObject({ attempts: 3, errorCode: 'rp_timeout' });
      expect(hung.requests).toHaveLength(3);

      // What the hung RP received: signed with node-oidc-provider's ID Token key (kid from its JWKS), the
      // pairwise sub node-oidc-provider computes for that client, its sid, and the same jti on every retry.
      const tokens = hung.requests.map((r) => new URLSearchParams(r.body).get('logout_token')!);
      expect(new Set(tokens.map((t) => JSON.parse(atob(t.split('.')[1])).jti)).size).toBe(1);
      const jwks = createRemoteJWKSet(new URL(`${op.issuer}/jwks`));
      const { payload } = await jwtVerify(tokens[0], jwks, {
        issuer: op.issuer,
        audience: 'hung-rp',
        typ: LOGOUT_TOKEN_TYP,
      });
      expect(decodeProtectedHeader(tokens[0])).toMatchObject({ alg: 'RS256', kid: 'op-key-1' });
      expect(payload.sub).toBe(finalHung.sub);
      expect(payload.sub).not.toBe(ACCOUNT);
      expect(payload.sid).toBe(finalHung.sid);
      expect(payload.jti).toBe(finalHung.jti);
    });
  },
);

/**
 * BCL §2.6 steps 4–8, the token claims (docs/conformance.md BCL-R-21…BCL-R-33), on Express and Fastify against a
 * real Nest app and local test issuers (see negative.setup). Each row asserts 400, `Cache-Control: no-store`, the
 * JSON error shape with the expected code, and (afterEach) that no session was ended.
 *
 * Out of scope, with the reason: the optional §2.6 steps 9–11 (BCL-R-41, not implemented) conflict with "already
 * logged out is success" (BCL-R-34); the receiver implements the consistency part that matters, BCL-R-33.
 */
import { LOGOUT_TOKEN_EVENT_URI } from 'nestjs-backchannel-logout';
import { expectRefused } from './fixtures/expect-refused';
import {
  CLIENT_ID,
  expectNoSessionEnded,
  startNegativeEnv,
  stopNegativeEnv,
  type NegativeEnv,
} from './fixtures/negative.setup';
import { payloadOf } from './fixtures/raw-jws';
import { HTTP_ADAPTERS } from '../support/http-adapter';

const BCL = LOGOUT_TOKEN_EVENT_URI;

describe.each(HTTP_ADAPTERS)(
  'BCL §2.6 refusals: the token claims (BCL-R-21…BCL-R-33), on %s',
  (adapter) => {
    let env: NegativeEnv;
    const alice = { clientId: CLIENT_ID, sub: 'alice' };
    const send = (logoutToken: string) => env.rp.postForm({ logout_token: logoutToken });
    const withClaims = (claims: Record<string, unknown>) =>
      env.op.logoutToken({ ...alice, claims });

    beforeAll(async () => {
      env = await startNegativeEnv({ adapter });
    });
    afterAll(() => stopNegativeEnv(env));
    afterEach(() => expectNoSessionEnded(env));

    it('BCL-R-21: iss missing', async () => {
      expectRefused(await send(await withClaims({ iss: undefined })), 'claim_iss_invalid');
    });

    it('BCL-R-21: iss of another issuer', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('wrong-iss', alice)),
        'issuer_unknown',
      );
    });

    it("BCL-R-21: iss of another trusted issuer, signed with this issuer's key (keys are per issuer)", async () => {
      expectRefused(await send(await withClaims({ iss: env.opHs.issuer })), 'key_not_found');
    });

    it.each([
      ['a trailing slash', (iss: string) => `${iss}/`],
      ['upper-case scheme', (iss: string) => iss.replace('http://', 'HTTP://')],
    ])('BCL-R-21: iss equal except for %s', async (_label, change) => {
      expectRefused(await send(await withClaims({ iss: change(env.op.issuer) })), 'issuer_unknown');
    });

    it('BCL-R-22: aud missing', async () => {
      expectRefused(await send(await withClaims({ aud: undefined })), 'claim_aud_invalid');
    });

    it.each([
      ['a different string', 'rp-clientINVALID'],
      ['an array without us', ['other-rp']],
    ])('BCL-R-22: aud is %s', async (_label, aud) => {
      expectRefused(await send(await withClaims({ aud })), 'claim_aud_invalid');
    });

    it('BCL-R-22: aud with an extra untrusted audience', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('untrusted-extra-aud', alice)),
        'claim_aud_invalid',
      );
    });

    it.each([42, { client: CLIENT_ID }, [CLIENT_ID, 42], [], ''])(
      'BCL-R-22: aud of the wrong type (%j)',
      async (aud) => {
        expectRefused(await send(await withClaims({ aud })), 'claim_aud_invalid');
      },
    );

    it('BCL-R-23: iat missing', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('no-iat', alice)),
        'claim_iat_invalid',
      );
    });

    it('BCL-R-23: iat ten minutes in the future', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('future-iat', alice)),
        'claim_iat_future',
      );
    });

    // iat is the logout time (issue #8): with a valid exp it may be up to maxLogoutAgeSeconds old.
    it('BCL-R-23: iat (the logout time) older than maxLogoutAgeSeconds (1 day) plus the tolerance', async () => {
      const now = Math.floor(Date.now() / 1000);
      expectRefused(
        await send(await withClaims({ iat: now - 86_400 - 120, exp: now + 60 })),
        'logout_too_old',
      );
      expectRefused(
        await send(await env.op.invalidLogoutToken('old-iat', alice)),
        'logout_too_old',
      );
    });

    it('BCL-R-23: exp earlier than iat', async () => {
      const now = Math.floor(Date.now() / 1000);
      expectRefused(
        await send(await withClaims({ iat: now, exp: now - 1 })),
        'claim_exp_before_iat',
      );
    });

    it('BCL-R-23: iat or exp not a JSON number', async () => {
      const now = Math.floor(Date.now() / 1000);
      expectRefused(await send(await withClaims({ iat: String(now) })), 'claim_iat_invalid');
      expectRefused(await send(await withClaims({ exp: String(now + 120) })), 'claim_exp_invalid');
    });

    it('BCL-R-24: exp in the past beyond the tolerance', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('expired', alice)),
        'claim_exp_expired',
      );
    });

    it('BCL-R-24: exp missing (requireExp defaults to true)', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('no-exp', alice)),
        'claim_exp_missing',
      );
    });

    it.each([undefined, 42, '', null])('BCL-R-25: jti %j', async (jti) => {
      expectRefused(await send(await withClaims({ jti })), 'claim_jti_invalid');
    });

    // Issue #8: a retransmission of a performed logout is acknowledged (BCL §2.7), never acted on again.
    it('BCL-R-26: the same (iss, jti) again is a recognised retransmission: 200, nothing done again', async () => {
      const token = await env.op.logoutToken({ clientId: CLIENT_ID, sub: 'nobody-here' });
      expect((await send(token)).status).toBe(200);
      const again = await send(token);
      expect({ status: again.status, cacheControl: again.headers['cache-control'] }).toEqual({
        status: 200,
        cacheControl: 'no-store',
      });
      expect(env.rp.logger.text('log').join('\n')).toContain('duplicate');
    });

    it('BCL-R-27: neither sub nor sid', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('no-sub-or-sid', alice)),
        'claim_sub_sid_missing',
      );
    });

    it.each([42, { id: 'alice' }, null, '', ['alice'], 'a'.repeat(256), 'alicé', 'ali\tce'])(
      'BCL-R-27: sub %j',
      async (sub) => {
        expectRefused(await send(await withClaims({ sub })), 'claim_sub_invalid');
      },
    );

    it.each([42, null, '', { sid: 'op-a1' }, 'op-é1', 'op\u0000a1'])(
      'BCL-R-27: sid %j (with a valid sub)',
      async (sid) => {
        expectRefused(await send(await withClaims({ sid })), 'claim_sid_invalid');
      },
    );

    it('BCL-R-28: events missing', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('no-events', alice)),
        'claim_events_invalid',
      );
    });

    it.each(['logout', [], true, null, [BCL]])(
      'BCL-R-28: events not an object (%j)',
      async (events) => {
        expectRefused(await send(await withClaims({ events })), 'claim_events_invalid');
      },
    );

    it('BCL-R-28: events without the back-channel logout member', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('wrong-event', alice)),
        'claim_events_invalid',
      );
    });

    it.each([
      BCL.replace('http:', 'https:'),
      `${BCL}/`,
      BCL.toUpperCase(),
      'http://schemas.openid.net/event/Backchannel-Logout',
    ])('BCL-R-28: event member name variant %s', async (name) => {
      expectRefused(
        await send(await withClaims({ events: { [name]: {} } })),
        'claim_events_invalid',
      );
    });

    it.each(['', true, null, [], 0])('BCL-R-28: event member value %j', async (value) => {
      expectRefused(
        await send(await withClaims({ events: { [BCL]: value } })),
        'claim_event_value_invalid',
      );
    });

    it.each(['logout_tokens_must_not_contain_a_nonce', '', null])(
      'BCL-R-29: nonce %j',
      async (nonce) => {
        expectRefused(await send(await withClaims({ nonce })), 'claim_nonce_present');
      },
    );

    it('BCL-R-30: a genuine ID Token of the same OP and client', async () => {
      const idToken = await env.op.idToken({ clientId: CLIENT_ID, sub: 'alice', sid: 'op-a1' });
      expectRefused(await send(idToken), 'claim_events_invalid');
    });

    it('BCL-R-30: a JWT access token (typ at+jwt) of the same OP', async () => {
      expectRefused(
        await send(await env.op.accessToken({ clientId: CLIENT_ID, sub: 'alice' })),
        'typ_invalid',
      );
    });

    it('BCL-R-30: an access token without typ, and a SET of another profile', async () => {
      const at = await env.op.accessToken({ clientId: CLIENT_ID, sub: 'alice' });
      const untyped = env.op.sign({
        header: { alg: 'RS256', kid: env.op.currentKey.kid },
        payload: payloadOf(at),
      });
      expectRefused(await send(untyped), 'claim_events_invalid');
      const set = await env.op.logoutToken({
        ...alice,
        header: { typ: 'secevent+jwt' },
        claims: {
          events: { 'https://schemas.openid.net/secevent/risc/event-type/account-disabled': {} },
        },
      });
      expectRefused(await send(set), 'typ_invalid');
    });

    it('BCL-R-10: duplicate claim names in the payload', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('duplicate-claim', alice)),
        'token_duplicate_claim',
      );
    });

    it('BCL-R-10: duplicate members inside events, and in the header', async () => {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', kid: env.op.currentKey.kid };
      const claims = `"iss":"${env.op.issuer}","sub":"alice","aud":"${CLIENT_ID}","iat":${now},"exp":${now + 60},"jti":"dup-${now}"`;
      const dupEvent = `{${claims},"events":{"${BCL}":{},"${BCL}":{}}}`;
      expectRefused(
        await send(env.op.sign({ header, payload: dupEvent })),
        'token_duplicate_claim',
      );
      const dupHeader = `{"alg":"RS256","kid":"${env.op.currentKey.kid}","alg":"RS256"}`;
      const payload = `{${claims},"events":{"${BCL}":{}}}`;
      expectRefused(
        await send(env.op.sign({ header: dupHeader, payload })),
        'token_duplicate_claim',
      );
    });

    it("BCL-R-33: sid of alice's session with another sub: refused, the session survives", async () => {
      const token = await env.op.logoutToken({ clientId: CLIENT_ID, sub: 'mallory', sid: 'op-a1' });
      expectRefused(await send(token), 'session_sub_mismatch');
    });
  },
);

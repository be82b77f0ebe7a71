/**
 * BCL §2.6 steps 1–3, the token header and signature (docs/conformance.md BCL-R-11…BCL-R-19; BCL-R-20, strict
 * typing, is in module-config), on Express and Fastify against real Nest apps and local test issuers (see
 * negative.setup). Each row asserts 400, `Cache-Control: no-store`, the JSON error shape with the expected code,
 * and (afterEach) that no session was ended.
 * Encrypted Logout Tokens are not supported (BCL-R-42 in docs/conformance.md): any JWE is refused with
 * `token_encrypted` (BCL-R-18), so a plain JWS can never be "expected encrypted".
 */
import { expectRefused } from './fixtures/expect-refused';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  expectNoSessionEnded,
  startNegativeEnv,
  stopNegativeEnv,
  type NegativeEnv,
} from './fixtures/negative.setup';
import { b64u } from './fixtures/raw-jws';
import { HTTP_ADAPTERS } from '../support/http-adapter';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { ReceiverFixture } from './fixtures/receiver.fixture';

describe.each(HTTP_ADAPTERS)(
  'BCL §2.6 refusals: the token header and signature (BCL-R-11…BCL-R-19), on %s',
  (adapter) => {
    let env: NegativeEnv;
    const alice = { clientId: CLIENT_ID, sub: 'alice' };
    const send = (logoutToken: string) => env.rp.postForm({ logout_token: logoutToken });
    const withHeader = (header: Record<string, unknown>) =>
      env.op.logoutToken({ ...alice, header });

    beforeAll(async () => {
      // No refetch cooldown: an unknown kid is then always looked up again, so its refusal is final.
      // What the cooldown answers (transient) is tested in key-rotation.e2e-spec.ts.
      env = await startNegativeEnv({ adapter, receiver: { jwks: { cooldownSeconds: 0 } } });
    });
    afterAll(() => stopNegativeEnv(env));
    afterEach(() => expectNoSessionEnded(env));

    it('BCL-R-11: alg none with an empty signature', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('alg-none', alice)),
        'alg_not_allowed',
      );
    });

    it.each(['None', 'NONE', 'nOnE'])('BCL-R-11: alg %s with a junk signature', async (alg) => {
      const token = await withHeader({ alg });
      expectRefused(await send(token.replace(/\.[^.]*$/, '.anVuaw')), 'alg_not_allowed');
    });

    it('BCL-R-12: validly signed with a published ES256 key while only RS256 is allowed', async () => {
      const es256 = env.op.keys.find((k) => k.alg === 'ES256')!;
      expectRefused(
        await send(await env.op.logoutToken({ ...alice, key: es256 })),
        'alg_not_allowed',
      );
    });

    it('BCL-R-13: HS256 keyed with the OP RSA public key, issuer without a client secret', async () => {
      const token = await env.op.invalidLogoutToken('hs256-with-public-key', alice);
      expectRefused(await send(token), 'alg_not_allowed');
    });

    it('BCL-R-13: HS256 keyed with the OP RSA public key, issuer that does allow HS256 with our secret', async () => {
      const token = await env.opHs.invalidLogoutToken('hs256-with-public-key', alice);
      expectRefused(await send(token), 'signature_invalid');
    });

    it('BCL-R-13: HS256 with the client secret when no secret is configured (even though discovery lists HS256)', async () => {
      const token = await env.opNoSecret.logoutToken({ ...alice, secret: CLIENT_SECRET });
      expectRefused(await send(token), 'alg_not_allowed');
    });

    it('BCL-R-14: payload modified after signing', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('bad-signature', alice)),
        'signature_invalid',
      );
    });

    it('BCL-R-15: signed with a key whose kid is not in the JWKS, even after a refetch', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('unknown-kid', alice)),
        'key_not_found',
      );
    });

    it('BCL-R-16: jku and jwk headers pointing at an attacker key are ignored', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('jku-header', alice)),
        'key_not_found',
      );
    });

    it("BCL-R-16: an embedded jwk with the OP's kid does not replace the OP's key", async () => {
      const attacker = env.op.unpublishedKey();
      const header = {
        kid: env.op.currentKey.kid,
        jwk: attacker.publicJwk,
        x5u: 'https://attacker.example/x5',
      };
      expectRefused(
        await send(await env.op.logoutToken({ ...alice, key: attacker, header })),
        'signature_invalid',
      );
    });

    it('BCL-R-17: a crit header', async () => {
      expectRefused(
        await send(await env.op.invalidLogoutToken('crit-header', alice)),
        'header_crit',
      );
    });

    it('BCL-R-18: a JWE (five segments) is refused as unsupported', async () => {
      const jwe = [
        b64u('{"alg":"RSA-OAEP-256","enc":"A256GCM"}'),
        'a2V5',
        'aXY',
        'Y2lwaGVy',
        'dGFn',
      ].join('.');
      expectRefused(await send(jwe), 'token_encrypted');
    });

    it.each(['at+jwt', 'secevent+jwt', 'dpop+jwt', 'application/at+jwt', 'id_token+jwt', 42])(
      'BCL-R-19: typ %s',
      async (typ) => {
        expectRefused(await send(await withHeader({ typ })), 'typ_invalid');
      },
    );
  },
);

describe('BCL §2.6 step 3: the algorithm is bound to the registered id_token_signed_response_alg', () => {
  let op: TestIssuer;
  let rs256Rp: ReceiverFixture;
  let es256Rp: ReceiverFixture;

  beforeAll(async () => {
    // The OP publishes an ES256 key and lists ES256 in discovery.
    op = await createTestIssuer({ signingAlgorithms: ['RS256', 'ES256'] });
    rs256Rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
    es256Rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: {
        issuers: [op.receiverIssuerOptions(CLIENT_ID, { idTokenSignedResponseAlg: 'ES256' })],
      },
    });
  });
  afterAll(async () => {
    await rs256Rp?.close();
    await es256Rp?.close();
    await op?.close();
  });

  it('BCL-R-45: an ES256 token the OP could sign is refused by an RP registered for RS256 (the default)', async () => {
    await rs256Rp.seedSession('alg-1', { sub: 'alice' });
    const es256 = op.keys.find((k) => k.alg === 'ES256')!;
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice', key: es256 });
    expectRefused(await rs256Rp.postForm({ logout_token: token }), 'alg_not_allowed');
    expect(await rs256Rp.existing(['alg-1'])).toEqual(['alg-1']);
    // An RP that registered ES256 accepts it — and refuses RS256.
    expect((await es256Rp.postForm({ logout_token: token })).status).toBe(200);
    const rs256 = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' });
    expectRefused(await es256Rp.postForm({ logout_token: rs256 }), 'alg_not_allowed');
  });
});

import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { json } from './support/json';
import { CookieAgent } from './support/cookie-agent';
import {
  authorizeCode,
  authorizeUrl,
  codeGrant,
  pkcePair,
  TestClient,
  tokenRequest,
} from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
};
const rpB: TestClient = {
  client_id: 'rp-b',
  client_secret: 'rp-b-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/b/callback'],
};

describe('sample provider: discovery, authorize, token, userinfo', () => {
  let op: RunningProvider;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    op = await startProvider({ clients: [rpA, rpB] });
    jwks = createRemoteJWKSet(new URL(`${op.issuer}/jwks`));
  });
  afterAll(() => op.close());

  const verifyIdToken = (token: string, aud: string) =>
    jwtVerify(token, jwks, { issuer: op.issuer, audience: aud, algorithms: ['RS256'] });

  async function signedIn(client: TestClient, agent = new CookieAgent(), params = {}) {
    const { callback, res } = await codeGrant(agent, op.issuer, client, params);
    expect(res.status).toBe(200);
    return { agent, callback, tokens: (await json(res)) as Record<string, string> };
  }

  it('publishes discovery with end_session_endpoint, S256 only, both client auth methods', async () => {
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    const meta = await json(res);
    expect(meta).toMatchObject({
      issuer: op.issuer,
      end_session_endpoint: `${op.issuer}/end-session`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const keys = await json(await fetch(meta.jwks_uri));
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys.keys[0].kid).toEqual(expect.any(String));
    expect(keys.keys[0].d).toBeUndefined();
  });

  it('runs the code flow: state and iss come back, the ID token carries nonce and sid', async () => {
    const { callback, tokens } = await signedIn(rpA, new CookieAgent(), {
      state: 'st-123',
      nonce: 'n-456',
    });
    expect(callback.searchParams.get('state')).toBe('st-123');
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    const { payload, protectedHeader } = await verifyIdToken(tokens.id_token, 'rp-a');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.nonce).toBe('n-456');
    expect(payload.sid).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{43}$/));
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
  });

  it('gives every ID token of one OP session the same sid (SSO, second client, refresh grant)', async () => {
    const first = await signedIn(rpA);
    const second = await signedIn(rpB, first.agent); // no login page: single sign-on
    const sidA = (await verifyIdToken(first.tokens.id_token, 'rp-a')).payload.sid;
    const sidB = (await verifyIdToken(second.tokens.id_token, 'rp-b')).payload.sid;
    expect(sidB).toBe(sidA);

    const refreshed = await tokenRequest(op.issuer, rpB, {
      grant_type: 'refresh_token',
      refresh_token: second.tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const body = await json(refreshed);
    const { payload } = await verifyIdToken(body.id_token, 'rp-b');
    expect(payload.sid).toBe(sidA);
    expect(payload.nonce).toBeUndefined();
    expect(body.refresh_token).not.toBe(second.tokens.refresh_token);

    // Rotation: the old refresh token is spent.
    const replay = await tokenRequest(op.issuer, rpB, {
      grant_type: 'refresh_token',
      refresh_token: second.tokens.refresh_token,
    });
    expect(replay.status).toBe(400);
    await expect(replay.json()).resolves.toMatchObject({ error: 'invalid_grant' });
  });

  it('accepts client_secret_post and refuses a wrong secret with 401 invalid_client', async () => {
    const agent = new CookieAgent();
    const { callback, verifier } = await authorizeCode(agent, op.issuer, rpA);
    const params = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rpA.redirect_uris[0],
      code_verifier: verifier,
    };
    const wrong = await tokenRequest(
      op.issuer,
      { ...rpA, client_secret: 'nope-nope-nope-nope' },
      params,
      'post',
    );
    expect(wrong.status).toBe(401);
    await expect(wrong.json()).resolves.toMatchObject({ error: 'invalid_client' });
    const wrongBasic = await tokenRequest(
      op.issuer,
      { ...rpA, client_secret: 'nope-nope-nope-nope' },
      params,
    );
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.headers.get('www-authenticate')).toMatch(/^Basic/);

    const ok = await tokenRequest(op.issuer, rpA, params, 'post');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses two client authentication methods at once and no authentication at all', async () => {
    const both = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('rp-a:rp-a-secret-0123456789').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_secret: 'rp-a-secret-0123456789',
      }),
    });
    expect(both.status).toBe(400);
    await expect(both.json()).resolves.toMatchObject({ error: 'invalid_request' });
    const none = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(none.status).toBe(401);
    await expect(none.json()).resolves.toMatchObject({ error: 'invalid_client' });
  });

  it('requires PKCE S256 at /authorize: missing challenge or plain method is sent back as invalid_request', async () => {
    const agent = new CookieAgent();
    const missing = await agent.get(authorizeUrl(op.issuer, rpA, { state: 's1' }));
    expect(missing.status).toBe(302);
    const missingAt = new URL(missing.headers.get('location')!);
    expect(missingAt.origin + missingAt.pathname).toBe(rpA.redirect_uris[0]);
    expect(missingAt.searchParams.get('error')).toBe('invalid_request');
    expect(missingAt.searchParams.get('state')).toBe('s1');

    const { challenge } = pkcePair();
    const plain = await agent.get(
      authorizeUrl(op.issuer, rpA, { code_challenge: challenge, code_challenge_method: 'plain' }),
    );
    expect(new URL(plain.headers.get('location')!).searchParams.get('error_description')).toMatch(
      /S256/,
    );
  });

  it('never redirects to an unregistered redirect_uri or for an unknown client', async () => {
    const { challenge } = pkcePair();
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const agent = new CookieAgent();
    const evil = await agent.get(
      authorizeUrl(op.issuer, rpA, { ...pkce, redirect_uri: 'http://127.0.0.1:9/a/callback?x=1' }),
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    const unknown = await agent.get(authorizeUrl(op.issuer, { ...rpA, client_id: 'nobody' }, pkce));
    expect(unknown.status).toBe(400);
  });

  it('refuses a wrong or missing code_verifier, and a second use of the code', async () => {
    const agent = new CookieAgent();
    const { callback, verifier } = await authorizeCode(agent, op.issuer, rpA);
    const code = callback.searchParams.get('code')!;
    const base = { grant_type: 'authorization_code', code, redirect_uri: rpA.redirect_uris[0] };

    const missing = await tokenRequest(op.issuer, rpA, base);
    await expect(missing.json()).resolves.toMatchObject({ error: 'invalid_request' });
    const wrong = await tokenRequest(op.issuer, rpA, {
      ...base,
      code_verifier: pkcePair().verifier,
    });
    expect(wrong.status).toBe(400);
    await expect(wrong.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    // The wrong verifier consumed the code: a correct one can no longer redeem it.
    const late = await tokenRequest(op.issuer, rpA, { ...base, code_verifier: verifier });
    await expect(late.json()).resolves.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code redeemed by another client', async () => {
    const agent = new CookieAgent();
    const { callback, verifier } = await authorizeCode(agent, op.issuer, rpA);
    const res = await tokenRequest(op.issuer, rpB, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rpA.redirect_uris[0],
      code_verifier: verifier,
    });
    await expect(res.json()).resolves.toMatchObject({ error: 'invalid_grant' });
  });

  it('serves userinfo for the access token and refuses a bad one', async () => {
    const { tokens } = await signedIn(rpA, new CookieAgent(), { scope: 'openid profile email' });
    const res = await fetch(`${op.issuer}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
    const info = await json(res);
    expect(info).toMatchObject({ preferred_username: 'alice', email: 'alice@example.com' });
    expect(info.sub).toBe(decodeJwt(tokens.id_token).sub);

    const bad = await fetch(`${op.issuer}/userinfo`, {
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });
});

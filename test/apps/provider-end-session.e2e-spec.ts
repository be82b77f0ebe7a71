import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { json } from './support/json';
import { CookieAgent, hiddenField } from './support/cookie-agent';
import { authorizeUrl, codeGrant, pkcePair, TestClient, tokenRequest } from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';
import { until } from '../support/wait';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
  post_logout_redirect_uris: ['http://127.0.0.1:9/a/logged-out'],
};
const rpB: TestClient = {
  client_id: 'rp-b',
  client_secret: 'rp-b-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/b/callback'],
  post_logout_redirect_uris: ['http://127.0.0.1:9/b/logged-out'],
};

describe('sample provider: RP-Initiated Logout at end_session_endpoint', () => {
  let op: RunningProvider;

  beforeAll(async () => {
    // ID tokens expire after 1 s so that "expired hint accepted" is real.
    op = await startProvider({ clients: [rpA, rpB], tokenTtlSeconds: { idToken: 1 } });
  });
  afterAll(() => op.close());

  async function signedIn(client = rpA, scope = 'openid') {
    const agent = new CookieAgent();
    const { res } = await codeGrant(agent, op.issuer, client, { scope });
    const tokens = (await json(res)) as Record<string, string>;
    return { agent, tokens };
  }

  const endSessionUrl = (params: Record<string, string>) =>
    `${op.issuer}/end-session?${new URLSearchParams(params).toString()}`;

  /** Whether the agent still has an OP session: /authorize answers with a code instead of the login page. */
  async function hasOpSession(agent: CookieAgent): Promise<boolean> {
    const { challenge } = pkcePair();
    const res = await agent.get(
      authorizeUrl(op.issuer, rpA, { code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    return new URL(res.headers.get('location')!, op.issuer).searchParams.has('code');
  }

  it('with a valid hint and a registered URI: ends the session and redirects with state', async () => {
    const { agent, tokens } = await signedIn();
    expect(await hasOpSession(agent)).toBe(true);
    const res = await agent.get(
      endSessionUrl({
        id_token_hint: tokens.id_token,
        post_logout_redirect_uri: rpA.post_logout_redirect_uris![0],
        state: 'bye-42',
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${rpA.post_logout_redirect_uris![0]}?state=bye-42`);
    expect(await hasOpSession(agent)).toBe(false);
  });

  it('accepts POST as well as GET', async () => {
    const { agent, tokens } = await signedIn();
    const res = await agent.post(`${op.issuer}/end-session`, {
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: rpA.post_logout_redirect_uris![0],
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(rpA.post_logout_redirect_uris![0]);
    expect(await hasOpSession(agent)).toBe(false);
  });

  it('accepts an expired hint (RPIL §2)', async () => {
    const { agent, tokens } = await signedIn();
    const { exp } = decodeJwt(tokens.id_token);
    await until(() => Date.now() / 1000 > exp! + 1, 5000); // the hint has expired (ID token TTL 1 s)
    const res = await agent.get(
      endSessionUrl({
        id_token_hint: tokens.id_token,
        post_logout_redirect_uri: rpA.post_logout_redirect_uris![0],
      }),
    );
    expect(res.status).toBe(302);
    expect(await hasOpSession(agent)).toBe(false);
  });

  it('never redirects to a URI that is not an exact match, and keeps the session', async () => {
    const { agent, tokens } = await signedIn();
    for (const uri of [
      `${rpA.post_logout_redirect_uris![0]}?foo=bar`,
      rpB.post_logout_redirect_uris![0], // registered, but for another client
      'https://evil.example/',
    ]) {
      const res = await agent.get(
        endSessionUrl({ id_token_hint: tokens.id_token, post_logout_redirect_uri: uri }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    expect(await hasOpSession(agent)).toBe(true);
  });

  it('refuses a client_id that is not the hint audience', async () => {
    const { agent, tokens } = await signedIn();
    const res = await agent.get(
      endSessionUrl({ id_token_hint: tokens.id_token, client_id: 'rp-b' }),
    );
    expect(res.status).toBe(400);
    await expect(res.text()).resolves.toContain('client_id does not match');
    expect(await hasOpSession(agent)).toBe(true);
  });

  it('refuses a hint that this provider did not sign', async () => {
    const { agent, tokens } = await signedIn();
    const { privateKey } = await generateKeyPair('RS256');
    const [, payload] = tokens.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .sign(privateKey);
    const res = await agent.get(
      endSessionUrl({
        id_token_hint: forged,
        post_logout_redirect_uri: rpA.post_logout_redirect_uris![0],
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await hasOpSession(agent)).toBe(true);
  });

  it('refuses an access token as hint', async () => {
    const { agent, tokens } = await signedIn();
    const res = await agent.get(endSessionUrl({ id_token_hint: tokens.access_token }));
    expect(res.status).toBe(400);
    expect(await hasOpSession(agent)).toBe(true);
  });

  it('without a hint: asks for confirmation (CSRF-protected POST form) and then does not redirect', async () => {
    const { agent } = await signedIn();
    const ask = await agent.get(
      endSessionUrl({
        client_id: 'rp-a',
        post_logout_redirect_uri: rpA.post_logout_redirect_uris![0],
        state: 's',
      }),
    );
    expect(ask.status).toBe(200);
    const page = await ask.text();
    expect(page).toMatch(/<form method="post" action="\/end-session\/confirm"/);
    expect(await hasOpSession(agent)).toBe(true);

    const form = {
      client_id: hiddenField(page, 'client_id'),
      post_logout_redirect_uri: hiddenField(page, 'post_logout_redirect_uri'),
      state: hiddenField(page, 'state'),
      logout: 'yes',
    };
    const forged = await agent.post(`${op.issuer}/end-session/confirm`, form);
    expect(forged.status).toBe(403);
    expect(await hasOpSession(agent)).toBe(true);

    const confirmed = await agent.post(`${op.issuer}/end-session/confirm`, {
      ...form,
      _csrf: hiddenField(page, '_csrf'),
    });
    expect(confirmed.status).toBe(200); // RPIL §3: no redirect without a valid hint
    await expect(confirmed.text()).resolves.toContain('You are signed out');
    expect(await hasOpSession(agent)).toBe(false);
  });

  it('"No, stay signed in" keeps the session', async () => {
    const { agent } = await signedIn();
    const page = await (await agent.get(endSessionUrl({}))).text();
    const res = await agent.post(`${op.issuer}/end-session/confirm`, {
      _csrf: hiddenField(page, '_csrf'),
      logout: 'no',
    });
    await expect(res.text()).resolves.toContain('still signed in');
    expect(await hasOpSession(agent)).toBe(true);
  });

  it('is idempotent: a valid hint for an already ended session still redirects', async () => {
    const { agent, tokens } = await signedIn();
    const params = {
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: rpA.post_logout_redirect_uris![0],
    };
    expect((await agent.get(endSessionUrl(params))).status).toBe(302);
    const again = await agent.get(endSessionUrl(params));
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe(rpA.post_logout_redirect_uris![0]);
  });

  it('revokes refresh and access tokens issued without offline_access and keeps offline_access ones (BCL §2.7)', async () => {
    const online = await signedIn(rpA, 'openid');
    const offline = await codeGrant(online.agent, op.issuer, rpB, {
      scope: 'openid offline_access',
      prompt: 'consent', // OIDC Core §11: offline_access needs the consent page
    });
    const offlineTokens = await json(offline.res);
    await online.agent.get(endSessionUrl({ id_token_hint: online.tokens.id_token }));

    const revoked = await tokenRequest(op.issuer, rpA, {
      grant_type: 'refresh_token',
      refresh_token: online.tokens.refresh_token,
    });
    await expect(revoked.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    const userinfo = await fetch(`${op.issuer}/userinfo`, {
      headers: { authorization: `Bearer ${online.tokens.access_token}` },
    });
    expect(userinfo.status).toBe(401);
    const kept = await tokenRequest(op.issuer, rpB, {
      grant_type: 'refresh_token',
      refresh_token: offlineTokens.refresh_token,
    });
    expect(kept.status).toBe(200);
  });
});

import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { json } from './support/json';
import { CookieAgent } from './support/cookie-agent';
import {
  authorizeUrl,
  codeGrant,
  pkcePair,
  submitConsent,
  submitLogin,
  TestClient,
  tokenRequest,
} from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
};

describe('sample provider: offline_access only with prompt=consent and a consent page (Core §11)', () => {
  let op: RunningProvider;

  beforeAll(async () => {
    op = await startProvider({ clients: [rpA] });
  });
  afterAll(() => op.close());
  afterEach(() => jest.restoreAllMocks());

  const start = (params: Record<string, string> = {}) => {
    const { challenge } = pkcePair();
    return authorizeUrl(op.issuer, rpA, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'openid offline_access',
      state: 'st',
      ...params,
    });
  };
  const endSession = (agent: CookieAgent, idToken: string) =>
    agent.get(
      `${op.issuer}/end-session?${new URLSearchParams({ id_token_hint: idToken }).toString()}`,
    );
  const refresh = (token: string) =>
    tokenRequest(op.issuer, rpA, { grant_type: 'refresh_token', refresh_token: token });

  it('drops offline_access without prompt=consent: the refresh token dies with the session', async () => {
    const agent = new CookieAgent();
    const { res } = await codeGrant(agent, op.issuer, rpA, { scope: 'openid offline_access' });
    const tokens = await json(res);
    expect(tokens.scope).toBe('openid');
    await endSession(agent, tokens.id_token);
    await expect(json(await refresh(tokens.refresh_token))).resolves.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('prompt=consent shows a consent page naming offline access; allowing grants it', async () => {
    const agent = new CookieAgent();
    const { res: first } = await codeGrant(agent, op.issuer, rpA); // signs in
    await first.arrayBuffer();
    const page = await agent.get(start({ prompt: 'consent' }));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.clone().text();
    expect(html).toContain('data-scope="offline_access"');
    const allowed = await submitConsent(agent, op.issuer, page);
    expect(allowed.status).toBe(302);
    const back = new URL(allowed.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('st');
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('an offline_access refresh after the session ended has no ID token and registers nobody', async () => {
    const agent = new CookieAgent();
    const { res } = await codeGrant(agent, op.issuer, rpA, {
      scope: 'openid offline_access',
      prompt: 'consent',
    });
    const tokens = await json(res);
    expect(tokens.scope).toBe('openid offline_access');
    await endSession(agent, tokens.id_token);
    const record = jest.spyOn(op.app.get(BackchannelLogoutService), 'recordIdTokenIssued');
    const refreshed = await refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const body = await json(refreshed);
    expect(body.id_token).toBeUndefined();
    expect(body.access_token).toEqual(expect.any(String));
    expect(record).not.toHaveBeenCalled();
  });

  it('deny answers access_denied; the consent post needs the CSRF token', async () => {
    const agent = new CookieAgent();
    await (await codeGrant(agent, op.issuer, rpA)).res.arrayBuffer();
    const denied = await submitConsent(
      agent,
      op.issuer,
      await agent.get(start({ prompt: 'consent' })),
      'deny',
    );
    const back = new URL(denied.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st');
    const forged = await agent.post(`${op.issuer}/authorize/consent`, {
      client_id: rpA.client_id,
      redirect_uri: rpA.redirect_uris[0],
      response_type: 'code',
      scope: 'openid offline_access',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      decision: 'allow',
    });
    expect(forged.status).toBe(403);
  });

  it('keeps prompt=consent through the login page', async () => {
    const agent = new CookieAgent();
    const toLogin = await agent.get(start({ prompt: 'login consent' }));
    const loginUrl = new URL(toLogin.headers.get('location')!, op.issuer).toString();
    const signedIn = await submitLogin(agent, loginUrl);
    const { res } = await agent.follow(signedIn, `${op.issuer}/login`);
    expect(res.status).toBe(200);
    await expect(res.text()).resolves.toContain('action="/authorize/consent"');
  });
});

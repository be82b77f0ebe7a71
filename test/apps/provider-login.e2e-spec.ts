import { json } from './support/json';
import { CookieAgent } from './support/cookie-agent';
import { authorizeUrl, codeGrant, pkcePair, TestClient, tokenRequest } from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
};

describe('sample provider: login page and OP session', () => {
  let op: RunningProvider;

  beforeAll(async () => {
    op = await startProvider({ clients: [rpA] });
  });
  afterAll(() => op.close());

  async function signedIn(client: TestClient, agent = new CookieAgent()) {
    const { res } = await codeGrant(agent, op.issuer, client);
    expect(res.status).toBe(200);
    return { agent, tokens: (await json(res)) as Record<string, string> };
  }

  it('shows the login form with a CSRF token and refuses a post without it', async () => {
    const agent = new CookieAgent();
    const page = await agent.get(`${op.issuer}/login`);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/login"/);
    expect(html.match(/<input\s[^>]*type="(text|password)"/g)).toHaveLength(2);
    const set = page.headers.getSetCookie().join(';');
    expect(set).toMatch(/HttpOnly/i);
    const forged = await agent.post(`${op.issuer}/login`, {
      username: 'alice',
      password: 'alice-password',
    });
    expect(forged.status).toBe(403);
  });

  it('sets the OP session cookie httpOnly and SameSite=Lax at sign-in, and answers with 3xx only', async () => {
    const agent = new CookieAgent();
    const { challenge } = pkcePair();
    const start = authorizeUrl(op.issuer, rpA, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const toLogin = await agent.get(start);
    expect(toLogin.status).toBe(302);
    const loginUrl = new URL(toLogin.headers.get('location')!, op.issuer).toString();
    const page = await (await agent.get(loginUrl)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const returnTo = /name="return_to" value="([^"]+)"/.exec(page)![1].replace(/&amp;/g, '&');
    const res = await agent.post(`${op.issuer}/login`, {
      _csrf: csrf,
      return_to: returnTo,
      username: 'alice',
      password: 'alice-password',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/authorize\?/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('op_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("a different user signing in on the same browser ends the previous user's session", async () => {
    const agent = new CookieAgent();
    const first = await signedIn(rpA, agent);
    const loginAsBob = await agent.get(
      `${op.issuer}/login?${new URLSearchParams({ return_to: '/' }).toString()}`,
    );
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginAsBob.text())![1];
    const res = await agent.post(`${op.issuer}/login`, {
      _csrf: csrf,
      return_to: '/',
      username: 'bob',
      password: 'bob-password',
    });
    expect(res.status).toBe(303);
    // Alice's refresh token (no offline_access) died with her session.
    const refresh = await tokenRequest(op.issuer, rpA, {
      grant_type: 'refresh_token',
      refresh_token: first.tokens.refresh_token,
    });
    await expect(json(refresh)).resolves.toMatchObject({ error: 'invalid_grant' });
    await expect((await agent.get(`${op.issuer}/`)).text()).resolves.toContain('(bob)');
  });

  it('answers a wrong password with 401 and the form again, not a session', async () => {
    const agent = new CookieAgent();
    const page = await (await agent.get(`${op.issuer}/login`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const res = await agent.post(`${op.issuer}/login`, {
      _csrf: csrf,
      username: 'alice',
      password: 'wrong',
    });
    expect(res.status).toBe(401);
    await expect(res.text()).resolves.toContain('Wrong username or password');
    expect(agent.cookie('127.0.0.1', 'op_session')).toBeUndefined();
  });

  it('prompt=none without an OP session answers login_required at the redirect_uri', async () => {
    const { challenge } = pkcePair();
    const res = await new CookieAgent().get(
      authorizeUrl(op.issuer, rpA, {
        code_challenge: challenge,
        code_challenge_method: 'S256',
        prompt: 'none',
        state: 'quiet',
      }),
    );
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('login_required');
    expect(back.searchParams.get('state')).toBe('quiet');
  });

  it('prompt=login shows the login form even with a live OP session, without looping back to it', async () => {
    const { agent } = await signedIn(rpA);
    const { challenge } = pkcePair();
    const res = await agent.get(
      authorizeUrl(op.issuer, rpA, {
        code_challenge: challenge,
        code_challenge_method: 'S256',
        prompt: 'login',
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?return_to=/);
    // After signing in again the loop ends: prompt=login is not sent back to /authorize.
    expect(decodeURIComponent(res.headers.get('location')!)).not.toContain('prompt=login');
  });
});

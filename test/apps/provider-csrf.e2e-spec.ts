import { CookieAgent, hiddenField } from './support/cookie-agent';
import { codeGrant, TestClient } from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
};

describe('sample provider: CSRF tokens of the sign-in, consent and logout forms', () => {
  let op: RunningProvider;

  beforeAll(async () => {
    op = await startProvider({ clients: [rpA] });
  });
  afterAll(() => op.close());

  async function signedInAgent() {
    const agent = new CookieAgent();
    await (await codeGrant(agent, op.issuer, rpA)).res.arrayBuffer();
    return agent;
  }

  it("a token bound to the attacker's OP session fails in the victim's browser, even with the attacker's csrf cookie planted", async () => {
    const attacker = await signedInAgent();
    const page = await (await attacker.get(`${op.issuer}/login`)).text();
    const token = hiddenField(page, '_csrf');
    const csrfCookie = attacker.cookie('127.0.0.1', 'op_csrf')!;
    const victim = await signedInAgent();
    const post = (cookie: string) =>
      fetch(`${op.issuer}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: token, username: 'bob', password: 'wrong' }).toString(),
      });
    // Cookie tossing: the victim's own OP session, the attacker's csrf cookie.
    const tossed = await post(
      `op_session=${victim.cookie('127.0.0.1', 'op_session')!}; op_csrf=${csrfCookie}`,
    );
    expect(tossed.status).toBe(403);
    // The same token works in the attacker's own browser (the form itself is fine).
    const own = await post(
      `op_session=${attacker.cookie('127.0.0.1', 'op_session')!}; op_csrf=${csrfCookie}`,
    );
    expect(own.status).toBe(401);
  });

  it('ignores a csrf cookie the provider did not sign', async () => {
    const agent = new CookieAgent();
    await (await agent.get(`${op.issuer}/login`)).arrayBuffer();
    const forged = await fetch(`${op.issuer}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: 'op_csrf=made-up-value',
      },
      body: new URLSearchParams({ _csrf: 'x', username: 'bob', password: 'wrong' }).toString(),
    });
    expect(forged.status).toBe(403);
    const page = await new CookieAgent().get(`${op.issuer}/login`);
    const set = page.headers.getSetCookie().find((c) => c.startsWith('op_csrf='))!;
    expect(set).toMatch(/^op_csrf=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43};/);
  });
});

describe('sample provider over https: a host-only csrf cookie', () => {
  it('sets __Host-op_csrf with Secure and Path=/ and no Domain, and accepts its forms', async () => {
    const op = await startProvider({ clients: [rpA], secureCookies: true });
    try {
      const agent = new CookieAgent();
      const page = await agent.get(`${op.issuer}/login`);
      const set = page.headers.getSetCookie().find((c) => c.includes('op_csrf='))!;
      expect(set).toMatch(/^__Host-op_csrf=/);
      expect(set).toMatch(/; Secure/i);
      expect(set).toMatch(/; Path=\//i);
      expect(set).not.toMatch(/Domain=/i);
      const res = await agent.post(`${op.issuer}/login`, {
        _csrf: hiddenField(await page.text(), '_csrf'),
        username: 'alice',
        password: 'wrong',
      });
      expect(res.status).toBe(401);
    } finally {
      await op.close();
    }
  });
});

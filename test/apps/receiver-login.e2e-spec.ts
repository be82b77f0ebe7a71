import { CookieAgent } from './support/cookie-agent';
import { submitLogin } from './support/code-flow';
import { freePort } from '../support/services';
import { json } from './support/json';
import { RunningProvider, startProvider } from './support/provider-harness';
import { planReceiver, RunningReceiver, startReceiver } from './support/receiver-harness';

describe('sample receiver: login and RP-initiated logout against the sample provider', () => {
  let op: RunningProvider;
  let rp: RunningReceiver;

  beforeAll(async () => {
    const plan = planReceiver(await freePort(), 'rp-login');
    op = await startProvider({ clients: [plan.client] });
    rp = await startReceiver(plan, op.issuer);
  });
  afterAll(async () => {
    await rp.close();
    await op.close();
  });

  async function logIn(agent: CookieAgent): Promise<void> {
    const start = await agent.get(`${rp.url}/login`);
    expect(start.status).toBe(302);
    const { url } = await agent.follow(start, `${rp.url}/login`, (u) => u.includes('/login?'));
    const login = await submitLogin(agent, url);
    const { res, url: landed } = await agent.follow(login, `${op.issuer}/login`);
    expect(landed).toBe(`${rp.url}/`);
    await expect(res.text()).resolves.toContain('Signed in to rp-login');
  }

  it('answers /me with 401 JSON before login, never a redirect', async () => {
    const res = await new CookieAgent().get(`${rp.url}/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    await expect(json(res)).resolves.toMatchObject({ error: 'not_authenticated' });
  });

  it('logs in through the provider (code flow + PKCE) and shows sub and sid', async () => {
    const agent = new CookieAgent();
    await logIn(agent);
    const me = await agent.get(`${rp.url}/me`);
    expect(me.status).toBe(200);
    const body = await json(me);
    expect(body.sub).toEqual(expect.any(String));
    expect(body.sid).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{43}$/));
  });

  it('logs out at the provider with id_token_hint and state, and checks the state on return', async () => {
    const agent = new CookieAgent();
    await logIn(agent);
    const out = await agent.get(`${rp.url}/logout`);
    expect(out.status).toBe(302);
    const endSession = new URL(out.headers.get('location')!);
    expect(endSession.origin + endSession.pathname).toBe(`${op.issuer}/end-session`);
    expect(endSession.searchParams.get('id_token_hint')).toEqual(expect.any(String));
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
      `${rp.url}/logout/callback`,
    );
    const state = endSession.searchParams.get('state')!;
    expect(state).toEqual(expect.any(String));

    const back = await agent.get(endSession.toString());
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${rp.url}/logout/callback?state=${state}`);
    const done = await agent.get(back.headers.get('location')!);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/?signed_out=1');
    expect((await agent.get(`${rp.url}/me`)).status).toBe(401);
  });

  it('refuses a post-logout return whose state is not the one it sent', async () => {
    const agent = new CookieAgent();
    await logIn(agent);
    const out = await agent.get(`${rp.url}/logout`);
    expect(out.status).toBe(302);
    const res = await agent.get(`${rp.url}/logout/callback?state=forged`);
    expect(res.status).toBe(400);
    await expect(res.text()).resolves.toContain('without the state');
    const none = await agent.get(`${rp.url}/logout/callback`);
    expect(none.status).toBe(400);
  });
});

import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { RECEIVER_REDIS } from '../../apps/receiver/src/redis/receiver-redis.provider';
import { RecordingLogger } from '../support/recording.logger';
import { CookieAgent } from './support/cookie-agent';
import { submitLogin } from './support/code-flow';
import { freePort } from '../support/services';
import { json } from './support/json';
import { logoutAtReceiver } from './support/rp-login';
import { RunningProvider, startProvider } from './support/provider-harness';
import {
  planReceiver,
  ReceiverPlan,
  RunningReceiver,
  startReceiver,
} from './support/receiver-harness';

describe('sample receiver: login and RP-initiated logout against the sample provider', () => {
  let op: RunningProvider;
  let rp: RunningReceiver;
  let brokenPlan: ReceiverPlan;

  beforeAll(async () => {
    const plan = planReceiver(await freePort(), 'rp-login');
    brokenPlan = planReceiver(await freePort(), 'rp-broken-index');
    op = await startProvider({ clients: [plan.client, brokenPlan.client] });
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
    const out = await logoutAtReceiver(agent, rp.url);
    expect(out.status).toBe(303); // after a POST (RFC 9110 §15.4.4)
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
    const out = await logoutAtReceiver(agent, rp.url);
    expect(out.status).toBe(303);
    const res = await agent.get(`${rp.url}/logout/callback?state=forged`);
    expect(res.status).toBe(400);
    await expect(res.text()).resolves.toContain('without the state');
    const none = await agent.get(`${rp.url}/logout/callback`);
    expect(none.status).toBe(400);
  });

  it('signs out only by POST with the session CSRF token; a cross-site GET or a forged post changes nothing', async () => {
    const agent = new CookieAgent();
    await logIn(agent);
    expect((await agent.get(`${rp.url}/logout`)).status).toBe(404);
    const forged = await agent.post(`${rp.url}/logout`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const missing = await agent.post(`${rp.url}/logout`, {});
    expect(missing.status).toBe(403);
    expect((await agent.get(`${rp.url}/me`)).status).toBe(200);
    const home = await (await agent.get(`${rp.url}/`)).text();
    expect(home).toMatch(/<form method="post" action="\/logout"/);
    expect((await logoutAtReceiver(agent, rp.url)).status).toBe(303);
    expect((await agent.get(`${rp.url}/me`)).status).toBe(401);
  });

  it('logs the error text of a failed callback escaped and bounded, never raw', async () => {
    const logs = new RecordingLogger();
    rp.app.useLogger(logs);
    const agent = new CookieAgent();
    const start = await agent.get(`${rp.url}/login`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const injected = 'denied\n[Nest] 1 - ERROR [Admin] forged line \u001b[31m' + 'x'.repeat(500);
    const res = await agent.get(
      `${rp.url}/callback?${new URLSearchParams({
        error: 'access_denied',
        error_description: injected,
        state,
        iss: op.issuer,
      }).toString()}`,
    );
    expect(res.status).toBe(400);
    const lines = logs.text('warn').filter((l) => l.startsWith('Sign-in failed'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"access_denied"');
    expect(lines[0]).toContain('denied\\n[Nest]'); // escaped, on one line
    for (const raw of ['\n', '\r', '\u001b']) expect(lines[0]).not.toContain(raw);
    expect(lines[0].length).toBeLessThan(400); // the 500-character tail is cut
  });

  it('fails the login and destroys the session when the session cannot be linked for back-channel logout', async () => {
    const agent = new CookieAgent();
    const broken = await startReceiver(brokenPlan, op.issuer);
    try {
      // A real fault: the session index table is gone.
      await broken.app.get(DataSource).query('DROP TABLE bcl_receiver_session_link');
      const start = await agent.get(`${broken.url}/login`);
      const { url } = await agent.follow(start, `${broken.url}/login`, (u) =>
        u.includes('/login?'),
      );
      const login = await submitLogin(agent, url);
      const { res } = await agent.follow(login, `${op.issuer}/login`);
      expect(res.status).toBe(503);
      await expect(res.text()).resolves.toContain('could not record your session');
      expect((await agent.get(`${broken.url}/me`)).status).toBe(401);
      const keys = await broken.app
        .get<Redis>(RECEIVER_REDIS)
        .keys(`${broken.config.redis.prefix}:sess:*`);
      expect(keys).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

import { RecordingLogger } from '../support/recording.logger';
import { AdminAgent } from './support/admin-agent';
import { CookieAgent } from './support/cookie-agent';
import { submitLogin, TestClient, tokenRequest } from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
};

// Tight limits for this suite only; every other suite runs with generous ones (provider-harness).
const rateLimits = {
  windowSeconds: 60,
  signIn: { perIp: 4, perAccount: 2 },
  token: { perIp: 4, perAccount: 2 },
};

describe('sample provider: rate limits on sign-in and the token endpoint', () => {
  let op: RunningProvider;
  let logs: RecordingLogger;

  beforeEach(async () => {
    op = await startProvider({ clients: [rpA], rateLimits });
    logs = new RecordingLogger();
    op.app.useLogger(logs);
  });
  afterEach(() => op.close());

  const wrongLogin = (username: string, password = 'wrong-secret-pw') =>
    submitLogin(new CookieAgent(), `${op.issuer}/login`, username, password);

  function expectRefused(res: Response) {
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const line = logs.text('warn').find((l) => l.includes('Too many'));
    expect(line).toContain('127.0.0.1');
    expect(logs.text().join('\n')).not.toContain('wrong-secret-pw');
  }

  it('user login: the third attempt for one account within the window gets 429 with Retry-After', async () => {
    expect((await wrongLogin('alice')).status).toBe(401);
    expect((await wrongLogin('Alice')).status).toBe(401);
    const third = await wrongLogin('alice');
    expectRefused(third);
    await expect(third.text()).resolves.toContain('Too many sign-in attempts');
    // Another account from the same address still has room (the per-address limit is 4).
    expect((await wrongLogin('bob')).status).toBe(401);
  });

  it('user login: one address trying many accounts is stopped by the per-address limit', async () => {
    for (const user of ['u1', 'u2', 'u3', 'u4']) expect((await wrongLogin(user)).status).toBe(401);
    expectRefused(await wrongLogin('u5'));
  });

  it('admin sign-in is limited per account, apart from the user login', async () => {
    const admin = new AdminAgent(op.issuer);
    expect((await admin.signIn('admin', 'wrong-secret-pw')).status).toBe(401);
    expect((await admin.signIn('admin', 'wrong-secret-pw')).status).toBe(401);
    expectRefused(await admin.signIn('admin', 'wrong-secret-pw'));
    expect((await wrongLogin('alice')).status).toBe(401);
  });

  it('token endpoint: per client_id, answered as an OAuth error with Retry-After', async () => {
    const params = { grant_type: 'refresh_token', refresh_token: 'nope' };
    expect((await tokenRequest(op.issuer, rpA, params)).status).toBe(400);
    expect((await tokenRequest(op.issuer, rpA, params, 'post')).status).toBe(400);
    const third = await tokenRequest(op.issuer, rpA, params);
    expectRefused(third);
    await expect(third.json()).resolves.toMatchObject({ error: 'temporarily_unavailable' });
  });
});

import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { BackchannelLogoutAuditService } from 'nestjs-backchannel-logout';
import { CapturedRequest } from './support/capture-proxy';
import { CookieAgent } from './support/cookie-agent';
import { loginAtReceiver, logoutAtReceiver } from './support/rp-login';
import { startThreeApps, ThreeApps } from './support/three-apps';

const BCL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe('full logout flow across the sample provider and two sample receivers (no browser)', () => {
  let apps: ThreeApps;
  beforeAll(async () => {
    apps = await startThreeApps();
  });
  afterAll(() => apps.close());

  async function expectLogoutToken(
    captured: CapturedRequest,
    clientId: string,
    expected: { sub: string; sid: string },
  ): Promise<string> {
    // BCL §2.5: a form POST to the registered URI, its query kept, carrying only logout_token.
    expect(captured.method).toBe('POST');
    expect(captured.url).toBe('/rp/backchannel-logout?tenant=demo');
    expect(captured.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded\b/);
    const form = new URLSearchParams(captured.body);
    expect([...form.keys()]).toEqual(['logout_token']);
    const token = form.get('logout_token')!;

    // BCL §2.4: signed by the OP's ID-token key (its JWKS), typed, one audience per RP.
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'logout+jwt' });
    const jwks = createRemoteJWKSet(new URL(`${apps.op.issuer}/jwks`));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: apps.op.issuer,
      audience: clientId,
      typ: 'logout+jwt',
      algorithms: ['RS256'],
    });
    expect(payload.aud).toBe(clientId);
    expect(payload.sub).toBe(expected.sub);
    expect(payload.sid).toBe(expected.sid);
    expect(payload.events).toEqual({ [BCL_EVENT]: {} });
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(120);
    expect(payload).not.toHaveProperty('nonce');

    // BCL §2.8: the real receiver accepted it.
    expect(captured.responseStatus).toBe(200);
    return payload.jti!;
  }

  it('logs in at A, single sign-on at B, logs out at A: both RPs get a valid logout token before the redirect', async () => {
    const { op, a, b, captureA, captureB } = apps;
    const agent = new CookieAgent();
    const atA = await loginAtReceiver(agent, a.url);
    expect(atA.sawLoginForm).toBe(true);
    const atB = await loginAtReceiver(agent, b.url);
    expect(atB.sawLoginForm).toBe(false); // SSO through the OP session
    expect(atB).toMatchObject({ sub: atA.sub, sid: atA.sid }); // one OP session, one sid

    // RP-initiated logout at A: A → end_session (valid hint) → deliveries → redirect back with state.
    const out = await logoutAtReceiver(agent, a.url);
    const endSession = new URL(out.headers.get('location')!);
    const state = endSession.searchParams.get('state');
    const back = await agent.get(endSession.toString());
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${a.url}/logout/callback?state=${state}`);

    // RPIL §3: the redirect came after the OP finished notifying the RPs, the initiating one included.
    expect(captureA.requests).toHaveLength(1);
    expect(captureB.requests).toHaveLength(1);
    const jtiA = await expectLogoutToken(captureA.requests[0], 'receiver-a', atA);
    const jtiB = await expectLogoutToken(captureB.requests[0], 'receiver-b', atB);
    expect(jtiA).not.toBe(jtiB);

    const done = await agent.get(back.headers.get('location')!);
    expect(done.headers.get('location')).toBe('/?signed_out=1');
    // B's session was destroyed by the back-channel request alone.
    expect((await agent.get(`${b.url}/me`)).status).toBe(401);
    expect((await agent.get(`${a.url}/me`)).status).toBe(401);

    const audit = await op.app.get(BackchannelLogoutAuditService).list({ sid: atA.sid });
    expect(audit.items.map((d) => [d.clientId, d.status, d.lastHttpStatus]).sort()).toEqual([
      ['receiver-a', 'delivered', 200],
      ['receiver-b', 'delivered', 200],
    ]);
    expect(audit.items.every((d) => d.initiatingClientId === 'receiver-a')).toBe(true);
  });

  it("a second user on another browser is untouched by the first user's logout", async () => {
    const { a, b, captureB } = apps;
    const before = captureB.requests.length;
    const alice = new CookieAgent();
    const bob = new CookieAgent();
    await loginAtReceiver(alice, a.url);
    await loginAtReceiver(alice, b.url);
    const bobAtB = await loginAtReceiver(bob, b.url, { username: 'bob', password: 'bob-password' });

    const out = await logoutAtReceiver(alice, a.url);
    await alice.get(out.headers.get('location')!);
    await captureB.waitFor(before + 1);
    expect((await alice.get(`${b.url}/me`)).status).toBe(401);
    const bobMe = await bob.get(`${b.url}/me`);
    expect(bobMe.status).toBe(200);
    expect(captureB.requests).toHaveLength(before + 1);
    expect(bobAtB.sid).not.toBe(undefined);
  });
});

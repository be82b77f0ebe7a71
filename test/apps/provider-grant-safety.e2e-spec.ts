import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { LogoutService } from '../../apps/provider/src/sessions/logout.service';
import { OpSessionService } from '../../apps/provider/src/sessions/op-session.service';
import { json } from './support/json';
import { CookieAgent } from './support/cookie-agent';
import { authorizeCode, codeGrant, TestClient, tokenRequest } from './support/code-flow';
import { RunningProvider, startProvider } from './support/provider-harness';
import { decodeJwt } from 'jose';

const rpA: TestClient = {
  client_id: 'rp-a',
  client_secret: 'rp-a-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/a/callback'],
};

describe('sample provider: refresh tokens, code reuse and logout races', () => {
  let op: RunningProvider;

  beforeAll(async () => {
    op = await startProvider({ clients: [rpA] });
  });
  afterAll(() => op.close());
  afterEach(() => jest.restoreAllMocks());

  async function signedIn(params: Record<string, string> = {}) {
    const agent = new CookieAgent();
    const { res } = await codeGrant(agent, op.issuer, rpA, params);
    expect(res.status).toBe(200);
    return { agent, tokens: (await json(res)) as Record<string, string> };
  }
  const refresh = (token: string) =>
    tokenRequest(op.issuer, rpA, { grant_type: 'refresh_token', refresh_token: token });

  it('refuses the refresh token of an ended OP session even when it escaped revocation at logout', async () => {
    const { tokens } = await signedIn();
    const sid = decodeJwt(tokens.id_token).sid as string;
    // The session ends without the logout pipeline's revocation (e.g. a crash between the two steps).
    await op.app.get(OpSessionService).end(sid, 'test');
    const res = await refresh(tokens.refresh_token);
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({ error: 'invalid_grant' });
  });

  it('a rotated refresh token presented again revokes its whole family', async () => {
    const { tokens } = await signedIn();
    const first = await refresh(tokens.refresh_token);
    expect(first.status).toBe(200);
    const { refresh_token: next } = await json(first);
    const replay = await refresh(tokens.refresh_token);
    await expect(replay.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    // The legitimate-looking successor dies with the family.
    const successor = await refresh(next);
    expect(successor.status).toBe(400);
    await expect(successor.json()).resolves.toMatchObject({ error: 'invalid_grant' });
  });

  it('an authorization code redeemed twice revokes the refresh token issued from it', async () => {
    const { callback, verifier } = await authorizeCode(new CookieAgent(), op.issuer, rpA);
    const params = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rpA.redirect_uris[0],
      code_verifier: verifier,
    };
    const first = await tokenRequest(op.issuer, rpA, params);
    expect(first.status).toBe(200);
    const { refresh_token: issued } = await json(first);
    const again = await tokenRequest(op.issuer, rpA, params);
    await expect(again.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    const res = await refresh(issued);
    expect(res.status).toBe(400);
  });

  it('a code redeemed while its session is logged out fails: no client joins after the participants were read', async () => {
    const { callback, verifier } = await authorizeCode(new CookieAgent(), op.issuer, rpA);
    const backchannel = op.app.get(BackchannelLogoutService);
    const logout = op.app.get(LogoutService);
    const record = backchannel.recordIdTokenIssued.bind(backchannel);
    let loggedOut: string | undefined;
    // A real logout of the same session runs to completion at the worst moment: just before this
    // client is registered as a participant (after any check made before registering).
    jest.spyOn(backchannel, 'recordIdTokenIssued').mockImplementation(async (participant) => {
      loggedOut = participant.sid ?? undefined;
      await logout.endSession(participant.sid!, { reason: 'test_race' });
      return record(participant);
    });
    const res = await tokenRequest(op.issuer, rpA, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rpA.redirect_uris[0],
      code_verifier: verifier,
    });
    expect(loggedOut).toEqual(expect.any(String));
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({ error: 'invalid_grant' });
  });
});

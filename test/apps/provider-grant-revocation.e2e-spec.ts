import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PROVIDER_CONFIG } from '../../apps/provider/src/config/provider-config.token';
import { ProviderConfig } from '../../apps/provider/src/config/provider-config';
import { GrantRevocationService } from '../../apps/provider/src/tokens/grant-revocation.service';
import { RefreshToken } from '../../apps/provider/src/tokens/refresh-token.entity';
import { RefreshTokenService } from '../../apps/provider/src/tokens/refresh-token.service';
import { RevokedGrant } from '../../apps/provider/src/tokens/revoked-grant.entity';
import { databaseCases } from '../support/databases';
import { until } from '../support/wait';
import { authorizeCode, codeGrant, TestClient, tokenRequest } from './support/code-flow';
import { CookieAgent } from './support/cookie-agent';
import { json } from './support/json';
import { RunningProvider, startProvider } from './support/provider-harness';

const rp: TestClient = {
  client_id: 'rp-grants',
  client_secret: 'rp-grants-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/grants/callback'],
};

const REVOKED_CHALLENGE =
  'Bearer error="invalid_token", error_description="the grant this access token was issued from has been revoked"';

/**
 * RFC 6749 §4.1.2 / RFC 9700 §4.14.2 (issue #9 §3): a reused authorization code, or a replayed rotated
 * refresh token, revokes the whole grant: its refresh tokens and its access tokens, which /userinfo then
 * refuses with RFC 6750 §3 `invalid_token`, while the rest of the OP session goes on.
 */
describe.each(databaseCases())('sample provider revokes a whole grant on %s', (_name, database) => {
  let op: RunningProvider;

  beforeAll(async () => {
    op = await startProvider({ database: await database.create(), clients: [rp] });
  });
  afterAll(async () => {
    await op?.close();
    await database.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  const userinfo = (accessToken: string) =>
    fetch(`${op.issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
  const refresh = (token: string) =>
    tokenRequest(op.issuer, rp, { grant_type: 'refresh_token', refresh_token: token });

  async function expectRevoked(accessToken: string): Promise<void> {
    const res = await userinfo(accessToken);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(REVOKED_CHALLENGE);
    await expect(res.json()).resolves.toMatchObject({ error: 'invalid_token' });
  }

  /** A signed-in browser and the token-request parameters of a fresh code for `rp`. */
  async function freshCode(agent = new CookieAgent()) {
    const { callback, verifier } = await authorizeCode(agent, op.issuer, rp);
    const code = callback.searchParams.get('code')!;
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: rp.redirect_uris[0],
      code_verifier: verifier,
    };
    return { agent, code, params };
  }

  it('a code redeemed twice: invalid_grant, and the access and refresh tokens of the first redemption stop working', async () => {
    const { agent, params } = await freshCode();
    const first = await tokenRequest(op.issuer, rp, params);
    expect(first.status).toBe(200);
    const tokens = await json(first);
    const before = await userinfo(tokens.access_token);
    expect(before.status).toBe(200);
    await expect(before.json()).resolves.toMatchObject({ sub: expect.any(String) });

    const again = await tokenRequest(op.issuer, rp, params);
    expect(again.status).toBe(400);
    await expect(again.json()).resolves.toMatchObject({ error: 'invalid_grant' });

    await expectRevoked(tokens.access_token);
    const refused = await refresh(tokens.refresh_token);
    expect(refused.status).toBe(400);
    await expect(refused.json()).resolves.toMatchObject({ error: 'invalid_grant' });

    // Only that grant: the OP session goes on, and a new code of the same session works.
    const { res } = await codeGrant(agent, op.issuer, rp);
    expect(res.status).toBe(200);
    expect((await userinfo((await json(res)).access_token)).status).toBe(200);
  });

  it('a replayed rotated refresh token also revokes the access tokens of its family', async () => {
    const { params } = await freshCode();
    const issued = await json(await tokenRequest(op.issuer, rp, params));
    const rotated = await refresh(issued.refresh_token);
    expect(rotated.status).toBe(200);
    const successor = await json(rotated);
    expect((await userinfo(successor.access_token)).status).toBe(200);

    const replay = await refresh(issued.refresh_token);
    await expect(replay.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    await expectRevoked(issued.access_token);
    await expectRevoked(successor.access_token);
  });

  it('a code redeemed again while its first redemption is being issued leaves no live token', async () => {
    const { code, params } = await freshCode();
    const refreshTokens = op.app.get(RefreshTokenService);
    const issue = refreshTokens.issue.bind(refreshTokens);
    let replay: Response | undefined;
    // The replay is served completely at the worst moment: after the first redemption consumed the
    // code and signed its access token, before its refresh token is stored.
    jest.spyOn(refreshTokens, 'issue').mockImplementationOnce(async (grant) => {
      replay = await tokenRequest(op.issuer, rp, params);
      return issue(grant);
    });
    const first = await tokenRequest(op.issuer, rp, params);
    expect(replay?.status).toBe(400);
    expect(first.status).toBe(400);
    await expect(first.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    const familyId = createHash('sha256').update(code).digest('hex');
    const family = await op.app.get(DataSource).getRepository(RefreshToken).findBy({ familyId });
    expect(family).toHaveLength(1);
    expect(family[0].revokedAt).toBeInstanceOf(Date);
  });

  it('keeps a revocation record only as long as an access token lives, then purges it', async () => {
    const ds = op.app.get(DataSource);
    const config = op.app.get<ProviderConfig>(PROVIDER_CONFIG);
    const records = ds.getRepository(RevokedGrant);
    // The same store and family revocation as the app's, with a 1 s access-token lifetime.
    const shortLived = new GrantRevocationService(records, op.app.get(RefreshTokenService), {
      ...config,
      tokenTtlSeconds: { ...config.tokenTtlSeconds, accessToken: 1 },
    });
    const started = Date.now();
    await shortLived.revoke('a'.repeat(64));
    expect(await shortLived.isRevoked('a'.repeat(64))).toBe(true);
    const row = await records.findOneByOrFail({ grantId: 'a'.repeat(64) });
    expect(row.expiresAt.getTime() - started).toBeGreaterThanOrEqual(1000);
    expect(row.expiresAt.getTime() - started).toBeLessThan(5000);

    await until(async () => !(await shortLived.isRevoked('a'.repeat(64))), 5000);
    await shortLived.revoke('b'.repeat(64));
    expect(await records.existsBy({ grantId: 'a'.repeat(64) })).toBe(false);
    expect(await records.existsBy({ grantId: 'b'.repeat(64) })).toBe(true);
  });
});

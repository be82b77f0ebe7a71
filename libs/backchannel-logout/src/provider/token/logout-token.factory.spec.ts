import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../common/backchannel-logout.constants';
import { resolveBackchannelLogoutConfig } from '../backchannel-logout.config';
import { BackchannelLogoutKeys } from './backchannel-logout.keys';
import { LogoutTokenFactory } from './logout-token.factory';
import { LogoutTokenSigningKey, LogoutTokenSigningKeyResolver } from './signing-key.interface';

const issuer = 'https://op.example.com';

function factoryFor(signingKey: LogoutTokenSigningKey | LogoutTokenSigningKeyResolver) {
  const config = resolveBackchannelLogoutConfig({
    issuer,
    signingKey,
    clients: { findClients: () => Promise.resolve([]) },
  });
  const keys = new BackchannelLogoutKeys(config);
  return { keys, factory: new LogoutTokenFactory(config, keys) };
}

const now = Math.floor(Date.now() / 1000);

describe('LogoutTokenFactory', () => {
  it.each([
    ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'RSA'],
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'EC'],
    ['EdDSA', () => generateKeyPairSync('ed25519').privateKey, 'OKP'],
  ] as const)('signs with %s and publishes a JWKS that verifies it', async (alg, makeKey, kty) => {
    const { keys, factory } = factoryFor({ kid: `k-${alg}`, alg, privateKey: makeKey() });
    const token = await factory.sign({ aud: 'rp-1', jti: 'j-1', iat: now, sub: 'u', sid: 's' });
    expect(decodeProtectedHeader(token)).toEqual({ alg, kid: `k-${alg}`, typ: 'logout+jwt' });
    const jwks = await keys.getPublicJwks();
    expect(jwks.keys).toEqual([expect.objectContaining({ kty, kid: `k-${alg}`, alg, use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer,
      audience: 'rp-1',
    });
    expect(payload).toEqual({
      iss: issuer,
      aud: 'rp-1',
      iat: now,
      exp: now + 120,
      jti: 'j-1',
      sub: 'u',
      sid: 's',
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    });
  });

  it('keeps iat (the logout time) and takes exp from signedAt when signed later (issue #8)', async () => {
    const { keys, factory } = factoryFor({
      kid: 'late',
      alg: 'ES256',
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    const loggedOut = now - 3600;
    const token = await factory.sign({
      aud: 'rp',
      jti: 'j',
      iat: loggedOut,
      signedAt: now,
      sub: 'u',
    });
    const { payload } = await jwtVerify(token, createLocalJWKSet(await keys.getPublicJwks()));
    expect(payload).toMatchObject({ iat: loggedOut, exp: now + 120 });
    // A signing clock behind the logout time never yields exp < iat.
    const early = await factory.sign({
      aud: 'rp',
      jti: 'k',
      iat: now,
      signedAt: now - 600,
      sub: 'u',
    });
    const claims = (await jwtVerify(early, createLocalJWKSet(await keys.getPublicJwks()))).payload;
    expect(claims).toMatchObject({ iat: now, exp: now + 120 });
  });

  it('accepts a private JWK and defaults to RS256', async () => {
    const jwk = await exportJWK(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const { keys, factory } = factoryFor({ kid: 'jwk-1', privateKey: jwk });
    const token = await factory.sign({ aud: 'rp', jti: 'j', iat: now, sub: 'u' });
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const { payload } = await jwtVerify(token, createLocalJWKSet(await keys.getPublicJwks()));
    expect(payload).not.toHaveProperty('sid');
    expect((await keys.getPublicJwks()).keys[0]).not.toHaveProperty('p');
  });

  it('asks the resolver for every token, so key rotation applies at once', async () => {
    const first = {
      kid: 'old',
      alg: 'ES256' as const,
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
    const second = {
      kid: 'new',
      alg: 'ES256' as const,
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
    let current = first;
    const { factory } = factoryFor(async () => Promise.resolve(current));
    expect(
      decodeProtectedHeader(await factory.sign({ aud: 'rp', jti: '1', iat: now, sid: 's' })).kid,
    ).toBe('old');
    current = second;
    expect(
      decodeProtectedHeader(await factory.sign({ aud: 'rp', jti: '2', iat: now, sid: 's' })).kid,
    ).toBe('new');
  });

  it.each(['none', 'HS256'])('refuses alg %s', async (alg) => {
    const { factory } = factoryFor({
      kid: 'k',
      alg: alg as 'RS256',
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    await expect(factory.sign({ aud: 'rp', jti: 'j', iat: now, sub: 'u' })).rejects.toMatchObject({
      code: 'signing_key_unavailable',
    });
  });

  it('reports a failing resolver and a key that does not fit its alg', async () => {
    await expect(
      factoryFor(() => Promise.reject(new Error('vault down'))).factory.sign({
        aud: 'rp',
        jti: 'j',
        iat: now,
        sub: 'u',
      }),
    ).rejects.toMatchObject({ code: 'signing_key_unavailable' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expect(
      factoryFor({ kid: 'k', alg: 'ES256', privateKey: rsa }).factory.sign({
        aud: 'rp',
        jti: 'j',
        iat: now,
        sub: 'u',
      }),
    ).rejects.toMatchObject({ code: 'signing_key_unavailable' });
  });

  it('refuses a token with neither sub nor sid (BCL §2.4)', async () => {
    const { factory } = factoryFor({
      kid: 'k',
      alg: 'EdDSA',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    });
    await expect(factory.sign({ aud: 'rp', jti: 'j', iat: now })).rejects.toMatchObject({
      code: 'invalid_options',
    });
  });
});

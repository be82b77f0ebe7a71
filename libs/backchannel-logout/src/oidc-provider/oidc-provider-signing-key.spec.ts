import { createHash, generateKeyPairSync } from 'node:crypto';
import { compactVerify, createLocalJWKSet, SignJWT } from 'jose';
import { oidcProviderSigningKey, OidcProviderPrivateJwk } from './oidc-provider-signing-key';

function privateJwk(kind: 'rsa' | 'ec', extra: Partial<OidcProviderPrivateJwk> = {}) {
  const { privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(privateKey.export({ format: 'jwk' }) as OidcProviderPrivateJwk), ...extra };
}

function publicOf(jwk: OidcProviderPrivateJwk, kid: string) {
  const members =
    jwk.kty === 'RSA'
      ? { kty: jwk.kty, n: jwk.n, e: jwk.e }
      : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { ...members, kid } as never;
}

describe('oidcProviderSigningKey', () => {
  it('picks the key for the algorithm and keeps its kid', async () => {
    const ec = privateJwk('ec', { kid: 'ec-1' });
    const rsa = privateJwk('rsa', { kid: 'rsa-1' });
    const key = await oidcProviderSigningKey({ keys: [ec, rsa] })();
    expect(key).toMatchObject({ kid: 'rsa-1', alg: 'RS256' });
    const es = await oidcProviderSigningKey({ keys: [rsa, ec] }, 'ES256')();
    expect(es).toMatchObject({ kid: 'ec-1', alg: 'ES256' });
  });

  it('prefers a key that states alg and use, as node-oidc-provider keystore does', async () => {
    const plain = privateJwk('rsa', { kid: 'plain' });
    const stated = privateJwk('rsa', { kid: 'stated', alg: 'RS256', use: 'sig' });
    const wrongAlg = privateJwk('rsa', { kid: 'ps', alg: 'PS256' });
    const key = await oidcProviderSigningKey({ keys: [wrongAlg, plain, stated] })();
    expect(key.kid).toBe('stated');
  });

  it('without a kid, uses the RFC 7638 thumbprint node-oidc-provider publishes', async () => {
    const jwk = privateJwk('rsa');
    const expected = createHash('sha256')
      .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
      .digest('base64url');
    const key = await oidcProviderSigningKey({ keys: [jwk] })();
    expect(key.kid).toBe(expected);
    // The token it signs verifies against the public key published under that kid.
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(key.privateKey);
    const jwks = createLocalJWKSet({ keys: [publicOf(jwk, expected)] });
    await expect(compactVerify(token, jwks)).resolves.toMatchObject({
      protectedHeader: { kid: expected },
    });
  });

  it('refuses an alg it must not sign with, and a jwks without a matching key', async () => {
    expect(() => oidcProviderSigningKey({ keys: [] }, 'none' as never)).toThrow(/not allowed/);
    const resolver = oidcProviderSigningKey({ keys: [privateJwk('rsa')] }, 'ES256');
    await expect(Promise.resolve().then(resolver)).rejects.toMatchObject({
      code: 'signing_key_unavailable',
    });
  });
});

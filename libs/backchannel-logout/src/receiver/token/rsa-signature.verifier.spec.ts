import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import {
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWK,
} from 'jose';
import { verifyRsaSignature } from './rsa-signature.verifier';

/** A signed token and the key jose's local key set picks for its header, as the verifier gets them. */
async function signed(alg: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg };
  const token = await new SignJWT({ sub: 'alice' })
    .setProtectedHeader({ alg, kid: 'k1' })
    .sign(privateKey);
  const key = await createLocalJWKSet({ keys: [jwk] })({ alg, kid: 'k1' });
  return { token, key };
}

/** The token with one character of segment `part` changed (still base64url). */
function tampered(token: string, part: 0 | 1 | 2): string {
  const segments = token.split('.');
  const s = segments[part];
  segments[part] = `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
  return segments.join('.');
}

describe('verifyRsaSignature (RS256/384/512 with node:crypto)', () => {
  it.each(['RS256', 'RS384', 'RS512'])(
    '%s: agrees with jose on a valid and on altered tokens',
    async (alg) => {
      const { token, key } = await signed(alg);
      for (const candidate of [token, tampered(token, 0), tampered(token, 1), tampered(token, 2)]) {
        const byJose = await compactVerify(candidate, key).then(
          () => true,
          () => false,
        );
        expect(verifyRsaSignature(candidate, alg, key)).toBe(byJose);
      }
      expect(verifyRsaSignature(token, alg, key)).toBe(true);
    },
  );

  it('an empty or truncated signature is invalid, not an exception', async () => {
    const { token, key } = await signed('RS256');
    const [header, payload, signature] = token.split('.');
    expect(verifyRsaSignature(`${header}.${payload}.`, 'RS256', key)).toBe(false);
    expect(verifyRsaSignature(`${header}.${payload}.${signature.slice(8)}`, 'RS256', key)).toBe(
      false,
    );
  });

  it('leaves to jose what it does not handle: other algorithms, a key of another hash, MAC secrets', async () => {
    const rs384 = await signed('RS384');
    // The header says RS256 but the key was imported for RS384: jose refuses that pairing itself.
    expect(verifyRsaSignature(rs384.token, 'RS256', rs384.key)).toBeUndefined();
    const ps256 = await signed('PS256');
    expect(verifyRsaSignature(ps256.token, 'PS256', ps256.key)).toBeUndefined();
    expect(verifyRsaSignature(ps256.token, 'RS256', ps256.key)).toBeUndefined();
    const es256 = await signed('ES256');
    expect(verifyRsaSignature(es256.token, 'ES256', es256.key)).toBeUndefined();
    expect(verifyRsaSignature(rs384.token, 'HS256', new Uint8Array(32))).toBeUndefined();
  });

  it('leaves a key under 2048 bits to jose, which refuses it', async () => {
    // jose will not make such a key; an OP could still publish one.
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${b64({ alg: 'RS256', kid: 'weak' })}.${b64({ sub: 'alice' })}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'weak', alg: 'RS256' } as JWK;
    const key = await createLocalJWKSet({ keys: [jwk] })({ alg: 'RS256', kid: 'weak' });
    expect(verifyRsaSignature(token, 'RS256', key)).toBeUndefined();
    await expect(compactVerify(token, key)).rejects.toThrow(/2048/);
  });

  it('derives the KeyObject of a key once', async () => {
    const { token, key } = await signed('RS256');
    const from = jest.spyOn(KeyObject, 'from');
    try {
      verifyRsaSignature(token, 'RS256', key);
      verifyRsaSignature(token, 'RS256', key);
      verifyRsaSignature(tampered(token, 1), 'RS256', key);
      expect(from).toHaveBeenCalledTimes(1);
    } finally {
      from.mockRestore();
    }
  });

  it('only takes public keys that may verify', async () => {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const { token } = await signed('RS256');
    expect(verifyRsaSignature(token, 'RS256', privateKey)).toBeUndefined();
  });
});

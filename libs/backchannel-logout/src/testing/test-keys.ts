import {
  constants,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';

/** The algorithms the test issuer can sign with. */
export type TestSigningAlg = 'RS256' | 'PS256' | 'ES256' | 'HS256' | 'HS384' | 'HS512';

/** One asymmetric test key with its public JWK. */
export interface TestKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'PS256' | 'ES256';
  readonly privateKey: KeyObject;
  readonly publicJwk: Readonly<Record<string, unknown>>;
}

/** Generate an RSA (2048-bit) or P-256 key with a random `kid`. */
export function generateTestKey(
  alg: TestKey['alg'] = 'RS256',
  kid = `test-${randomBytes(6).toString('hex')}`,
): TestKey {
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/** Sign `input` (the ASCII `header.payload`) for a compact JWS. */
export function signJwsInput(
  alg: TestSigningAlg,
  input: string,
  key: KeyObject | Uint8Array | string,
): string {
  const data = Buffer.from(input, 'ascii');
  if (alg.startsWith('HS')) {
    const hash = `sha${alg.slice(2)}`;
    return createHmac(hash, key).update(data).digest('base64url');
  }
  const privateKey = key as KeyObject;
  if (alg === 'ES256')
    return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString(
      'base64url',
    );
  if (alg === 'PS256') {
    return sign('sha256', data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    }).toString('base64url');
  }
  return sign('sha256', data, privateKey).toString('base64url');
}

/** base64url of a JSON value, or of a raw JSON text (which may hold duplicate names on purpose). */
export function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Buffer.from(text, 'utf8').toString('base64url');
}

import { KeyObject, verify, type webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

/** Per algorithm: the hash as WebCrypto names it on the key, and as node:crypto's `verify` takes it. */
const HASHES: Readonly<Record<string, readonly [webCrypto: string, node: string]>> = {
  RS256: ['SHA-256', 'sha256'],
  RS384: ['SHA-384', 'sha384'],
  RS512: ['SHA-512', 'sha512'],
};
// jose's minimum for RSA keys (RFC 7518 §3.3): a smaller key is left to jose, which refuses it.
const MIN_RSA_BITS = 2048;
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * RS256/384/512 (RFC 7518 §3.3) with node:crypto's one-shot `verify`, on the CryptoKey that jose's key set chose
 * for the header: the same check as jose's `compactVerify`, without the WebCrypto job it queues per call (about
 * three times the CPU per token under load, issue #10). The KeyObject of each key is derived once.
 *
 * Takes a compact JWS that `parseCompactJws` accepted (three base64url segments) and whose header has no `crit`
 * (so the payload is base64url-encoded, RFC 7797 §3). Returns whether the signature is valid, or `undefined` when
 * it does not handle this `alg` or key (another algorithm, a key imported for another one, a key under 2048
 * bits): the caller then verifies with jose.
 */
export function verifyRsaSignature(token: string, alg: string, key: unknown): boolean | undefined {
  const hashes = HASHES[alg];
  if (hashes === undefined || !isPublicVerifyKey(key)) return undefined;
  const algorithm = key.algorithm as webcrypto.RsaHashedKeyAlgorithm;
  if (algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.hash?.name !== hashes[0])
    return undefined;
  if (!(algorithm.modulusLength >= MIN_RSA_BITS)) return undefined;
  const dot = token.lastIndexOf('.');
  return verify(
    hashes[1],
    Buffer.from(token.slice(0, dot), 'ascii'),
    keyObjectOf(key),
    Buffer.from(token.slice(dot + 1), 'base64url'),
  );
}

function isPublicVerifyKey(key: unknown): key is CryptoKey {
  // As jose recognises one (the class is a global, not an export of node:crypto in Node 20).
  if ((key as { [Symbol.toStringTag]?: string })?.[Symbol.toStringTag] !== 'CryptoKey')
    return false;
  const cryptoKey = key as CryptoKey;
  return cryptoKey.type === 'public' && cryptoKey.usages.includes('verify');
}

function keyObjectOf(key: CryptoKey): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = KeyObject.from(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

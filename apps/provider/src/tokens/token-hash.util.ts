import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A fresh opaque secret (256 bits) and the SHA-256 under which it is stored: authorization codes, refresh
 * tokens, OP session cookies and client secrets are never kept in clear.
 */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` hashes to `storedHash`, in constant time. */
export function opaqueTokenMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashOpaqueToken(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

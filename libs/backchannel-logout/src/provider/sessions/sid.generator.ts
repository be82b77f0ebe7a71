import { randomBytes } from 'node:crypto';

/**
 * A new OP session id for the `sid` claim: 32 random bytes (256 bits) as base64url, 43 characters, all
 * VSCHAR as BCL §2.1 requires ("Its syntax is the same as an OAuth 2.0 Client Identifier"). FCL §6 asks for
 * enough entropy that sids cannot be guessed. Put the same value in the ID Token and record it.
 */
export function generateSid(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `nestjs-backchannel-logout/testing`: a local test OpenID Provider (discovery, JWKS, key rotation) that mints
 * valid and deliberately invalid Logout Tokens, for your receiver's e2e tests.
 *
 * @example
 * import { createTestIssuer } from 'nestjs-backchannel-logout/testing';
 * const op = await createTestIssuer();
 *
 * @packageDocumentation
 */
export { TestIssuer, createTestIssuer, type TestIssuerOptions } from './test-issuer';
export type { TestIssuerRequestCounts } from './test-issuer.server';
export type { TestKey, TestSigningAlg } from './test-keys';
export type {
  InvalidLogoutTokenVariant,
  TestLogoutTokenInput,
  TestOtherTokenInput,
  TestJwsInput,
  JsonObjectOrText,
} from './test-token.types';

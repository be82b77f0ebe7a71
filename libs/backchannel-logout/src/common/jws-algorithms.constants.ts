/**
 * The asymmetric JWS algorithms this library signs (provider) and verifies (receiver) Logout Tokens with.
 * Never `none` (BCL §2.6 step 3); MAC algorithms are the receiver's business only (client secret, Core §10.1).
 */
export const ASYMMETRIC_JWS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export type AsymmetricJwsAlgorithm = (typeof ASYMMETRIC_JWS_ALGORITHMS)[number];

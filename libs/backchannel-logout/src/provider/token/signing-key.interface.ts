import type { KeyObject } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';
import {
  ASYMMETRIC_JWS_ALGORITHMS,
  type AsymmetricJwsAlgorithm,
} from '../../common/jws-algorithms.constants';

/** JWS algorithms a Logout Token may be signed with (asymmetric only; never `none`, BCL §2.6 step 3). */
export type LogoutTokenAlgorithm = AsymmetricJwsAlgorithm;

/** The algorithms accepted in {@link LogoutTokenSigningKey.alg}. */
export const LOGOUT_TOKEN_ALGORITHMS: readonly LogoutTokenAlgorithm[] = ASYMMETRIC_JWS_ALGORITHMS;

/**
 * A private key that signs Logout Tokens. BCL §2.4: "The same keys are used to sign ... Logout Tokens as are
 * used for ID Tokens", so this is normally the OP's current ID Token key.
 */
export interface LogoutTokenSigningKey {
  /** The `kid` header; the RP looks the public key up in the OP's JWKS by it (Core §10.1). */
  readonly kid: string;
  /** Default `RS256` (BCL §2.6 step 3). */
  readonly alg?: LogoutTokenAlgorithm;
  /** A Node `KeyObject`, a WebCrypto `CryptoKey` or a private JWK. */
  readonly privateKey: KeyObject | CryptoKey | JWK;
}

/**
 * Returns the key to sign with now. Called for every token, so the host's key rotation applies at once;
 * cache inside if fetching the key is expensive.
 */
export type LogoutTokenSigningKeyResolver = () =>
  LogoutTokenSigningKey | Promise<LogoutTokenSigningKey>;

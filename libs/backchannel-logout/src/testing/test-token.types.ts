import type { KeyObject } from 'node:crypto';
import type { TestKey, TestSigningAlg } from './test-keys';

/** A JSON object, or raw JSON text when you need what `JSON.stringify` cannot produce (duplicate names). */
export type JsonObjectOrText = Record<string, unknown> | string;

/** Low-level signing input of `TestIssuer.sign()`. */
export interface TestJwsInput {
  readonly header: JsonObjectOrText;
  readonly payload: JsonObjectOrText;
  /** Default: the header's `alg`. `none` produces an empty signature. */
  readonly alg?: TestSigningAlg | 'none';
  /** Asymmetric key to sign with. Default: the issuer's current key. */
  readonly key?: TestKey | KeyObject;
  /** MAC key for HS*. */
  readonly secret?: string | Uint8Array;
}

/** Input of `TestIssuer.logoutToken()`. Defaults give a valid token: `sub` only, `typ: logout+jwt`, exp = iat + 120. */
export interface TestLogoutTokenInput {
  /** The receiving RP's `client_id` (the `aud`). */
  readonly clientId: string;
  /** Default `test-user` when neither `sub` nor `sid` is given. Pass `null` to omit. */
  readonly sub?: string | null;
  readonly sid?: string;
  /** Claims merged over the defaults; a value of `undefined` removes the claim. */
  readonly claims?: Record<string, unknown>;
  /** Header members merged over `{ alg, kid, typ: 'logout+jwt' }`; `undefined` removes a member. */
  readonly header?: Record<string, unknown>;
  /** Default: the current key's algorithm, or HS256 when `secret` is given. */
  readonly alg?: TestSigningAlg;
  /** Sign with a MAC and this secret (the RP's `client_secret`). */
  readonly secret?: string;
  /** Sign with this key instead of the current one (its `kid` goes into the header). */
  readonly key?: TestKey;
}

/** Input of `TestIssuer.idToken()` and `TestIssuer.accessToken()`. */
export interface TestOtherTokenInput {
  readonly clientId: string;
  readonly sub?: string;
  readonly sid?: string;
}

/**
 * The invalid Logout Tokens `TestIssuer.invalidLogoutToken()` mints, each failing exactly one rule:
 * claims (`wrong-aud`, `untrusted-extra-aud`, `wrong-iss`, `expired`, `no-exp`, `future-iat`, `old-iat`,
 * `no-iat`, `no-jti`, `with-nonce`, `no-events`, `wrong-event`, `event-not-object`, `no-sub-or-sid`,
 * `duplicate-claim`) and header/signature (`alg-none`, `wrong-typ`, `unknown-kid`, `bad-signature`,
 * `hs256-with-public-key`, `crit-header`, `jku-header`).
 */
export type InvalidLogoutTokenVariant =
  | 'wrong-aud'
  | 'untrusted-extra-aud'
  | 'wrong-iss'
  | 'expired'
  | 'no-exp'
  | 'future-iat'
  | 'old-iat'
  | 'no-iat'
  | 'no-jti'
  | 'with-nonce'
  | 'no-events'
  | 'wrong-event'
  | 'event-not-object'
  | 'no-sub-or-sid'
  | 'duplicate-claim'
  | 'alg-none'
  | 'wrong-typ'
  | 'unknown-kid'
  | 'bad-signature'
  | 'hs256-with-public-key'
  | 'crit-header'
  | 'jku-header';

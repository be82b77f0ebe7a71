import { createHash, createPrivateKey, KeyObject } from 'node:crypto';
import { BackchannelLogoutError } from '../common/backchannel-logout.error';
import {
  LOGOUT_TOKEN_ALGORITHMS,
  LogoutTokenAlgorithm,
  LogoutTokenSigningKey,
  LogoutTokenSigningKeyResolver,
} from '../provider/token/signing-key.interface';

/** A private JWK as passed in node-oidc-provider's `jwks` configuration. */
export interface OidcProviderPrivateJwk {
  readonly kty: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  readonly key_ops?: readonly string[];
  readonly [member: string]: unknown;
}

const KTY_BY_PREFIX: Record<string, string> = { RS: 'RSA', PS: 'RSA', ES: 'EC', Ed: 'OKP' };
const CRV_BY_ALG: Record<string, string> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
  Ed25519: 'Ed25519',
};

/**
 * The Logout Token key resolver for a node-oidc-provider host: picks from the same private `jwks` the host
 * gives `new Provider(issuer, { jwks })` the key node-oidc-provider signs ID Tokens with for `alg` (same
 * candidate rules and preference as its keystore), with the `kid` it publishes (the key's own `kid`, or the
 * RFC 7638 thumbprint node-oidc-provider computes when the key has none). BCL §2.4: Logout Tokens are
 * signed with the ID Token keys.
 *
 * @param alg the ID Token algorithm; default `RS256`, node-oidc-provider's `id_token_signed_response_alg`
 *   default (set it to `clientDefaults.id_token_signed_response_alg` when the host changed that).
 */
export function oidcProviderSigningKey(
  jwks: { readonly keys: readonly OidcProviderPrivateJwk[] },
  alg: LogoutTokenAlgorithm = 'RS256',
): LogoutTokenSigningKeyResolver {
  if (!LOGOUT_TOKEN_ALGORITHMS.includes(alg))
    throw BackchannelLogoutError.of('invalid_options', `alg ${String(alg)} is not allowed`);
  let selected: LogoutTokenSigningKey | undefined;
  return () => (selected ??= select(jwks.keys, alg));
}

function select(keys: readonly OidcProviderPrivateJwk[], alg: LogoutTokenAlgorithm) {
  const kty = KTY_BY_PREFIX[alg.slice(0, 2)];
  const crv = CRV_BY_ALG[alg];
  const candidates = keys.filter(
    (k) =>
      k.kty === kty &&
      (typeof k.alg !== 'string' || k.alg === alg) &&
      (typeof k.use !== 'string' || k.use === 'sig') &&
      (!crv || k.crv === crv) &&
      (!Array.isArray(k.key_ops) || k.key_ops.includes('sign')),
  );
  // node-oidc-provider prefers keys that state alg and use (its keystore's `keyscore`); the sort is stable.
  const score = (k: OidcProviderPrivateJwk) => (k.alg ? 1 : 0) + (k.use ? 1 : 0);
  const [jwk] = [...candidates].sort((a, b) => score(b) - score(a));
  if (!jwk)
    throw BackchannelLogoutError.of('signing_key_unavailable', `no ${alg} signing key in jwks`);
  const privateKey: KeyObject = createPrivateKey({ key: { ...jwk } as never, format: 'jwk' });
  return { kid: jwk.kid ?? thumbprint(jwk), alg, privateKey };
}

/** node-oidc-provider's `calculateKid`: SHA-256 over the required members, in its order (RFC 7638). */
function thumbprint(jwk: OidcProviderPrivateJwk): string {
  const members: Record<string, readonly string[]> = {
    RSA: ['e', 'kty', 'n'],
    EC: ['crv', 'kty', 'x', 'y'],
    OKP: ['crv', 'kty', 'x'],
  };
  const required = Object.fromEntries((members[jwk.kty] ?? []).map((m) => [m, jwk[m]]));
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

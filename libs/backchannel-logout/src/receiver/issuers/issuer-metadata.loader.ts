import { fetchJson, type FetchJsonLimits } from './fetch-json.util';

/** What the receiver needs from an OP's discovery document. */
export interface IssuerMetadata {
  readonly jwksUri: string;
  /** `id_token_signing_alg_values_supported`, when advertised. */
  readonly signingAlgorithms?: readonly unknown[];
}

/** OIDC Discovery §4: the configuration lives under the issuer, with any trailing `/` removed first. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** Fetch and check the discovery document: its `issuer` must equal ours exactly (Discovery §4.3). */
export async function loadIssuerMetadata(
  issuer: string,
  limits: FetchJsonLimits,
): Promise<IssuerMetadata> {
  const doc = await fetchJson(discoveryUrl(issuer), limits);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error('the discovery document is not a JSON object');
  }
  const {
    issuer: advertised,
    jwks_uri: jwksUri,
    id_token_signing_alg_values_supported: algs,
  } = doc as Record<string, unknown>;
  if (advertised !== issuer) throw new Error('the discovery document names another issuer');
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri))
    throw new Error('jwks_uri is missing or invalid');
  return { jwksUri, signingAlgorithms: Array.isArray(algs) ? (algs as unknown[]) : undefined };
}

import { ASYMMETRIC_JWS_ALGORITHMS } from '../../common/jws-algorithms.constants';

/** Asymmetric JWS algorithms this receiver verifies with keys from the issuer's JWKS. */
export const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set(ASYMMETRIC_JWS_ALGORITHMS);

/** MAC algorithms, keyed only with the configured client secret (Core §10.1). */
export const MAC_ALGORITHMS: ReadonlySet<string> = new Set(['HS256', 'HS384', 'HS512']);

/** BCL §2.6 step 3: the default when neither configuration nor discovery names an algorithm. */
export const DEFAULT_ALGORITHM = 'RS256';

export function isMacAlgorithm(alg: string): boolean {
  return MAC_ALGORITHMS.has(alg);
}

/**
 * The allow-list for one issuer (BCL §2.6 step 3): the configured or advertised algorithms that we support,
 * never `none`, and MAC algorithms only when a client secret is configured.
 */
export function allowedAlgorithms(
  candidates: readonly unknown[] | undefined,
  hasSecret: boolean,
): Set<string> {
  const allowed = new Set<string>();
  for (const alg of candidates ?? []) {
    if (typeof alg !== 'string') continue;
    if (ASYMMETRIC_ALGORITHMS.has(alg) || (hasSecret && MAC_ALGORITHMS.has(alg))) allowed.add(alg);
  }
  if (allowed.size === 0 && candidates === undefined) allowed.add(DEFAULT_ALGORITHM);
  return allowed;
}

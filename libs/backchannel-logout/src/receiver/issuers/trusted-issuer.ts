import { createLocalJWKSet, type CryptoKey, type JWK } from 'jose';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import type { TrustedIssuerOptions } from '../receiver-options.interface';
import type { ResolvedReceiverConfig } from '../receiver-config';
import { allowedAlgorithms, DEFAULT_ALGORITHM } from './jws-algorithms.util';
import { hasJoseCode } from './jose-error.util';
import { fetchJson } from './fetch-json.util';
import { loadIssuerMetadata, type IssuerMetadata } from './issuer-metadata.loader';
import { RefreshableCache } from './refreshable.cache';

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;
type JwsHeader = Parameters<LocalKeySet>[0];

/**
 * One trusted OP at runtime: its allow-listed algorithms and its JWKS, both loaded lazily and cached.
 * Keys only ever come from this issuer's JWKS (JWT-BCP §3.8, §3.10): `jku`, `x5u` and `jwk` headers are never
 * read. jose's local key set binds each key to the header's `alg` (kty, crv, `alg`, `use`, `key_ops`, §3.1).
 */
export class TrustedIssuer {
  private readonly metadata: RefreshableCache<IssuerMetadata>;
  private readonly keySet: RefreshableCache<LocalKeySet>;
  private readonly allowed: ReadonlySet<string>;

  constructor(
    readonly options: TrustedIssuerOptions,
    config: ResolvedReceiverConfig,
  ) {
    this.allowed = allowedAlgorithms(
      options.algorithms ?? [options.idTokenSignedResponseAlg ?? DEFAULT_ALGORITHM],
      options.clientSecret !== undefined,
    );
    const limits = { timeoutMs: config.jwks.timeoutMs, maxBytes: config.jwks.maxResponseBytes };
    const { maxAgeMs, cooldownMs } = config.jwks;
    this.metadata = new RefreshableCache(
      () => loadIssuerMetadata(options.issuer, limits),
      maxAgeMs,
      cooldownMs,
    );
    this.keySet = new RefreshableCache(
      async () =>
        createLocalJWKSet((await fetchJson(await this.jwksUri(), limits)) as { keys: JWK[] }),
      maxAgeMs,
      cooldownMs,
    );
  }

  get issuer(): string {
    return this.options.issuer;
  }

  /**
   * BCL §2.6 step 3: the algorithm is governed by this RP's registered `id_token_signed_response_alg`
   * (default RS256), not by what the OP's discovery lists: a token signed with another key the OP publishes
   * is refused. `algorithms` overrides it with an explicit list.
   */
  algorithms(): ReadonlySet<string> {
    return this.allowed;
  }

  /**
   * The keys that may have signed a token with this header. An unknown `kid` triggers one JWKS refetch,
   * at most once per cooldown; during the cooldown it is a transient `key_refetch_cooling_down`, and only a
   * fresh JWKS that lacks the key makes it a final `key_not_found`.
   */
  async verificationKeys(header: JwsHeader): Promise<CryptoKey[]> {
    const asked = Date.now();
    try {
      return await matchingKeys(await this.currentKeySet(), header);
    } catch (err) {
      if (!isNoMatchingKey(err)) throw err;
    }
    // A key set fetched after this token arrived already reflects every key the OP published: final answer.
    if (this.keySet.requestedAt >= asked) throw new BackchannelLogoutError('key_not_found');
    let refreshed: boolean;
    try {
      refreshed = await this.keySet.refresh();
    } catch (cause) {
      throw BackchannelLogoutError.of('jwks_unavailable', undefined, cause);
    }
    // The cooldown keeps a flood of random kids from hammering the OP, but must not turn a real rotation into
    // a lost logout: answer "try again later"; the OP's retry finds the key after the next allowed fetch.
    if (!refreshed) throw new BackchannelLogoutError('key_refetch_cooling_down');
    try {
      return await matchingKeys(await this.currentKeySet(), header);
    } catch (err) {
      if (isNoMatchingKey(err)) throw new BackchannelLogoutError('key_not_found');
      throw err;
    }
  }

  private async currentKeySet(): Promise<LocalKeySet> {
    try {
      return await this.keySet.get();
    } catch (cause) {
      if (cause instanceof BackchannelLogoutError) throw cause;
      throw BackchannelLogoutError.of('jwks_unavailable', undefined, cause);
    }
  }

  private async jwksUri(): Promise<string> {
    return this.options.jwksUri ?? (await this.discovery()).jwksUri;
  }

  private async discovery(): Promise<IssuerMetadata> {
    try {
      return await this.metadata.get();
    } catch (cause) {
      throw BackchannelLogoutError.of('issuer_metadata_unavailable', undefined, cause);
    }
  }
}

async function matchingKeys(keySet: LocalKeySet, header: JwsHeader): Promise<CryptoKey[]> {
  try {
    return [await keySet(header)];
  } catch (err) {
    // Core §10.1: a `kid` is only required when the JWKS has several keys; try each candidate then.
    if (hasJoseCode(err, 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')) {
      const keys: CryptoKey[] = [];
      for await (const key of err as AsyncIterable<CryptoKey>) keys.push(key);
      return keys;
    }
    if (hasJoseCode(err, 'ERR_JOSE_NOT_SUPPORTED'))
      throw new BackchannelLogoutError('alg_not_allowed');
    throw err;
  }
}

function isNoMatchingKey(err: unknown): boolean {
  return hasJoseCode(err, 'ERR_JWKS_NO_MATCHING_KEY');
}

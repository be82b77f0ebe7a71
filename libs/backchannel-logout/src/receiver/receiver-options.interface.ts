import type { AfterLogoutHook } from './logout/after-logout.interface';
import type { DownstreamLogoutOption } from './logout/downstream-logout.interface';
import type { ReplayStore } from './replay/replay-store.interface';
import type { ReceiverSessionOptions } from './sessions/session-options.interface';
import type { RedisStoreConnection } from './storage/redis-connection';
import type { TypPolicy } from './token/typ-policy.util';

/** One OpenID Provider whose Logout Tokens this receiver accepts. */
export interface TrustedIssuerOptions {
  /** The OP's Issuer Identifier, compared exactly with the token's `iss` (no trailing-slash or case folding). */
  readonly issuer: string;
  /** This RP's `client_id` at that OP; the token's `aud` must contain it. */
  readonly clientId: string;
  /** Enables HS256/384/512 keyed with this secret (Core §10.1). Without it, MAC algorithms are refused. */
  readonly clientSecret?: string;
  /** The OP's JWKS URL. Default: `jwks_uri` from `<issuer>/.well-known/openid-configuration`. */
  readonly jwksUri?: string;
  /**
   * The `id_token_signed_response_alg` this RP registered at the OP. BCL §2.6 step 3: the Logout Token must be
   * signed with it; a token signed with any other algorithm is refused, even with a key the OP publishes.
   * HS256/384/512 need `clientSecret`. Default `RS256` (the registration default, Core §3.1.3.7).
   */
  readonly idTokenSignedResponseAlg?: string;
  /**
   * Several allowed signing algorithms at once, e.g. while the registration moves from one to another.
   * Overrides `idTokenSignedResponseAlg`; `none` is never allowed, HS* only with `clientSecret`.
   */
  readonly algorithms?: readonly string[];
  /** Other audiences you trust next to `clientId`. Default none: an `aud` with any other member is refused. */
  readonly additionalAudiences?: readonly string[];
}

/** How the receiver fetches and caches discovery documents and JWKS. */
export interface ReceiverJwksOptions {
  /** At most one refetch per this many seconds when a token names an unknown `kid`. Default 30. */
  readonly cooldownSeconds?: number;
  /** A cached JWKS or discovery document is refetched after this many seconds. Default 600. */
  readonly maxAgeSeconds?: number;
  /** HTTP timeout for each fetch. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Largest accepted discovery or JWKS response. Default 512 KiB. */
  readonly maxResponseBytes?: number;
}

/** Options of `BackchannelLogoutReceiverModule.forRoot()` / `forRootAsync()`. */
export interface BackchannelLogoutReceiverOptions {
  /** The OPs this RP trusts; the token's unverified `iss` selects one (unknown → 400 `issuer_unknown`). */
  readonly issuers: readonly TrustedIssuerOptions[];
  /** How sessions are ended: a session index, logout markers, or your own `SessionTerminator`. */
  readonly sessions: ReceiverSessionOptions;
  /**
   * Where `(iss, jti)` pairs are remembered. Default: a `RedisReplayStore` in `redis` when that is set, else an
   * in-process `MemoryReplayStore` (one instance only).
   */
  readonly replayStore?: ReplayStore;
  /**
   * The receiver's Redis (your ioredis client, which you close, or a URL): holds the session index of
   * `sessions: { expressSession }` and is the default replay store.
   */
  readonly redis?: RedisStoreConnection;
  /** Clock skew allowed for `iat`, `exp` and `nbf`. Default 60 seconds. */
  readonly clockToleranceSeconds?: number;
  /**
   * A token WITHOUT `exp` (only with `requireExp: false`) whose `iat` is older than this is refused
   * (`claim_iat_too_old`). Default 600 seconds.
   */
  readonly maxTokenAgeSeconds?: number;
  /**
   * `iat` is the logout time, which may lie well before a late delivery (the OP keeps `exp` fresh). A token
   * with a valid `exp` is accepted while its `iat` is at most this old; older → 400 `logout_too_old`.
   * Default 86400 seconds (one day).
   */
  readonly maxLogoutAgeSeconds?: number;
  /**
   * A copy of a token that is still being processed (same `iss` and `jti`) waits at most this long for the
   * first copy's outcome: success → 200 without acting again; failure → this copy performs the logout itself;
   * still running → the transient answer. Default 5000 ms.
   */
  readonly duplicateWaitMs?: number;
  /**
   * HTTP status of the receiver's own transient failures (replay store or session store down, JWKS or
   * discovery unavailable, a duplicate still in progress): 503 (default) or 400 (BCL §2.8's literal
   * reading). Either way the body is `{"error":"temporarily_unavailable",...}` with `Retry-After`, so an OP
   * (ours included) retries it.
   */
  readonly transientFailureStatus?: 400 | 503;
  /** Refuse tokens without `exp` (BCL errata set 1). Default true; set false for OPs that still omit it. */
  readonly requireExp?: boolean;
  /** `typ` header policy. Default `lenient`. */
  readonly typPolicy?: TypPolicy;
  /** Largest accepted `logout_token`, in bytes. Default 16384. */
  readonly maxTokenBytes?: number;
  /** Largest accepted request body, in bytes. Default 65536. */
  readonly maxBodyBytes?: number;
  /** Discovery/JWKS fetching and caching. */
  readonly jwks?: ReceiverJwksOptions;
  /** Awaited after the sessions were ended, e.g. to revoke refresh tokens issued without `offline_access`. */
  readonly afterLogout?: AfterLogoutHook;
  /** When this RP is also an OP: propagate the logout to its own RPs (BCL §2.7). */
  readonly downstream?: DownstreamLogoutOption;
}

/** Options fixed when the module is defined (they shape the controller), for both `forRoot` and `forRootAsync`. */
export interface BackchannelLogoutReceiverExtras {
  /** Register the module globally. Default false. */
  readonly isGlobal?: boolean;
  /** The endpoint path, relative to any global prefix or `RouterModule` path. Default `backchannel-logout`. */
  readonly path?: string;
  /**
   * Class decorators applied to the generated controller, e.g. your `@Public()` marker for a global auth guard
   * or `@SkipThrottle()`. Default none.
   */
  readonly controllerDecorators?: readonly ClassDecorator[];
}

import { BackchannelLogoutError } from '../common/backchannel-logout.error';
import { systemHostLookup } from '../common/network/host-lookup.interface';
import { BackchannelLogoutTargetPolicy } from '../common/network/target-policy.interface';
import {
  BackchannelLogoutClientSource,
  BackchannelLogoutModuleOptions,
  BackchannelLogoutSessionSource,
} from './backchannel-logout-options.interface';
import { resolveSessionLifetime, SessionLifetimeConfig } from './expiry/session-lifetime.config';
import { LogoutTokenSigningKeyResolver } from './token/signing-key.interface';

/** The module options with every default applied; resolved once, injected everywhere. */
export interface BackchannelLogoutConfig {
  readonly issuer: string;
  readonly signingKey: LogoutTokenSigningKeyResolver;
  readonly logoutTokenTtlSeconds: number;
  readonly clients: BackchannelLogoutClientSource;
  readonly sessions: BackchannelLogoutSessionSource | undefined;
  readonly worker: boolean;
  readonly waitPollIntervalMs: number;
  readonly targetPolicy: Required<BackchannelLogoutTargetPolicy>;
  readonly delivery: {
    readonly timeoutMs: number;
    readonly attempts: number;
    readonly backoffBaseMs: number;
    readonly backoffCapMs: number;
    readonly retryAfterCapMs: number;
    readonly concurrency: number;
    readonly dispatchInline: boolean;
    readonly shutdownTimeoutMs: number;
    readonly maxResponseBytes: number;
    readonly userAgent: string;
    readonly keepCompletedJobs: number;
    readonly keepFailedJobs: number;
  };
  readonly health: {
    readonly degradeAfter: number;
    readonly pauseAfter: number;
    readonly probeIntervalMs: number;
    readonly maxInFlightPerRp: number;
    readonly deferMs: number;
    readonly stateCacheMs: number;
  };
  readonly outbox: {
    readonly relayIntervalMs: number;
    readonly batchSize: number;
    readonly enqueueTimeoutMs: number;
    readonly staleAfterMs: number;
  };
  readonly sessionLifetime: SessionLifetimeConfig;
}

/** Injection token of the resolved {@link BackchannelLogoutConfig}. */
export const BACKCHANNEL_LOGOUT_CONFIG = Symbol('BACKCHANNEL_LOGOUT_CONFIG');

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min) {
    throw BackchannelLogoutError.of(
      'invalid_options',
      `${name} must be a number >= ${min}, got ${v}`,
    );
  }
  return v;
}

function checkIssuer(issuer: unknown): string {
  let url: URL | null;
  try {
    url = typeof issuer === 'string' ? new URL(issuer) : null;
  } catch {
    url = null;
  }
  // Core §2: the Issuer Identifier is a URL with scheme and host and no query or fragment.
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw BackchannelLogoutError.of(
      'invalid_options',
      `issuer must be an http(s) URL without query or fragment`,
    );
  }
  return issuer as string;
}

/** Apply defaults and check the options; throws `invalid_options` with the reason. */
export function resolveBackchannelLogoutConfig(
  options: BackchannelLogoutModuleOptions,
): BackchannelLogoutConfig {
  if (!options || typeof options !== 'object') {
    throw BackchannelLogoutError.of('invalid_options', 'options are missing');
  }
  const key = options.signingKey;
  if (!key) throw BackchannelLogoutError.of('invalid_options', 'signingKey is required');
  if (!options.clients) throw BackchannelLogoutError.of('invalid_options', 'clients is required');
  const d = options.delivery ?? {};
  const o = options.outbox ?? {};
  const h = options.health ?? {};
  const concurrency = Math.floor(positive('delivery.concurrency', d.concurrency, 10));
  const timeoutMs = positive('delivery.timeoutMs', d.timeoutMs, 5000);
  const degradeAfter = Math.floor(positive('health.degradeAfter', h.degradeAfter, 3));
  const targetPolicy = {
    allowHttp: d.allowHttp ?? false,
    allowPrivateNetworks: d.allowPrivateNetworks ?? false,
    lookup: d.lookup ?? systemHostLookup,
  };
  return {
    issuer: checkIssuer(options.issuer),
    signingKey: typeof key === 'function' ? key : () => key,
    logoutTokenTtlSeconds: Math.floor(
      positive('logoutTokenTtlSeconds', options.logoutTokenTtlSeconds, 120),
    ),
    clients: options.clients,
    sessions: options.sessions,
    worker: options.worker ?? true,
    waitPollIntervalMs: positive('waitPollIntervalMs', options.waitPollIntervalMs, 200, 10),
    targetPolicy,
    delivery: {
      timeoutMs,
      attempts: Math.floor(positive('delivery.attempts', d.attempts, 6)),
      backoffBaseMs: positive('delivery.backoffBaseMs', d.backoffBaseMs, 2000),
      backoffCapMs: positive('delivery.backoffCapMs', d.backoffCapMs, 300_000),
      retryAfterCapMs: positive('delivery.retryAfterCapMs', d.retryAfterCapMs, 600_000, 0),
      concurrency,
      dispatchInline: d.dispatchInline ?? true,
      shutdownTimeoutMs: positive(
        'delivery.shutdownTimeoutMs',
        d.shutdownTimeoutMs,
        timeoutMs + 1000,
        0,
      ),
      maxResponseBytes: Math.floor(
        positive('delivery.maxResponseBytes', d.maxResponseBytes, 4096, 0),
      ),
      userAgent: d.userAgent ?? 'nestjs-backchannel-logout',
      keepCompletedJobs: Math.floor(
        positive('delivery.keepCompletedJobs', d.keepCompletedJobs, 1000, 0),
      ),
      keepFailedJobs: Math.floor(positive('delivery.keepFailedJobs', d.keepFailedJobs, 5000, 0)),
    },
    health: {
      degradeAfter,
      pauseAfter: Math.floor(positive('health.pauseAfter', h.pauseAfter, 20, degradeAfter)),
      probeIntervalMs: positive('health.probeIntervalMs', h.probeIntervalMs, 30_000, 0),
      maxInFlightPerRp: Math.floor(
        positive(
          'health.maxInFlightPerRp',
          h.maxInFlightPerRp,
          Math.max(1, Math.floor(concurrency / 2)),
        ),
      ),
      deferMs: positive('health.deferMs', h.deferMs, 1000),
      stateCacheMs: positive('health.stateCacheMs', h.stateCacheMs, 1000, 0),
    },
    outbox: {
      relayIntervalMs: positive('outbox.relayIntervalMs', o.relayIntervalMs, 5000, 0),
      batchSize: Math.floor(positive('outbox.batchSize', o.batchSize, 500)),
      enqueueTimeoutMs: positive('outbox.enqueueTimeoutMs', o.enqueueTimeoutMs, 2000),
      staleAfterMs: positive('outbox.staleAfterMs', o.staleAfterMs, 60_000, 0),
    },
    sessionLifetime: resolveSessionLifetime(options.sessionLifetime),
  };
}

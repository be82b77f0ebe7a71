import { InjectionToken } from '@nestjs/common';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { HostLookup } from '../common/network/host-lookup.interface';
import { BackchannelLogoutClientStore } from './clients/client-store.interface';
import { BackchannelLogoutSessionLifetimeOptions } from './expiry/session-lifetime-options.interface';
import { BackchannelLogoutSessionRegistry } from './sessions/session-registry.interface';
import {
  LogoutTokenSigningKey,
  LogoutTokenSigningKeyResolver,
} from './token/signing-key.interface';

/**
 * Read clients from the host's own TypeORM entity (the one that carries
 * `@BackchannelLogoutUriColumn()` and `@BackchannelLogoutSessionRequiredColumn()`).
 */
export interface TypeOrmClientSourceOptions<Client extends ObjectLiteral = ObjectLiteral> {
  /** The host's client entity class (or name/schema). */
  readonly entity: EntityTarget<Client>;
  /** The property that holds the OAuth `client_id`, e.g. `'clientId'`. */
  readonly clientIdField: keyof Client & string;
  /** Property of the back-channel logout URI. Default `'backchannelLogoutUri'`. */
  readonly uriField?: keyof Client & string;
  /** Property of the session-required flag. Default `'backchannelLogoutSessionRequired'`. */
  readonly sessionRequiredField?: keyof Client & string;
  /** Deactivated (or soft-deleted) clients answer `false` and are skipped. Default: every row is active. */
  isActive?(client: Client): boolean;
}

/** Where the module reads registered clients from. */
export type BackchannelLogoutClientSource =
  | TypeOrmClientSourceOptions
  | BackchannelLogoutClientStore
  | { readonly useExisting: InjectionToken<BackchannelLogoutClientStore> };

/** Where the module keeps which clients took part in which OP session. Default: its own TypeORM entity. */
export type BackchannelLogoutSessionSource =
  | BackchannelLogoutSessionRegistry
  | { readonly useExisting: InjectionToken<BackchannelLogoutSessionRegistry> };

/** How logout requests are delivered (BCL §2.5, §2.8). */
export interface BackchannelLogoutDeliveryOptions {
  /** Per-request timeout covering connect, TLS and the response head, in ms. Default 5000. */
  readonly timeoutMs?: number;
  /** Attempts per delivery, the first included. Default 6. */
  readonly attempts?: number;
  /** First retry delay in ms; doubles per attempt, with equal jitter (between half and all of it). Default 2000. */
  readonly backoffBaseMs?: number;
  /** Largest retry delay in ms. Default 300000 (5 minutes). */
  readonly backoffCapMs?: number;
  /** Largest `Retry-After` honoured, in ms. Default 600000 (10 minutes). */
  readonly retryAfterCapMs?: number;
  /**
   * Deliveries in flight at once in this process (from the RP's admission until the outcome is committed).
   * The worker holds twice as many Bull jobs, so the next jobs are fetched and their rows read meanwhile.
   * Default 10.
   */
  readonly concurrency?: number;
  /**
   * The process that took the logout makes each delivery's first attempt itself, right after the outbox
   * commit, up to `concurrency` at once; the queued job (added with a delay of `timeoutMs` + 1 s) stays the
   * fallback for a crash or a retry (a retry runs after the usual backoff). Only where the worker runs
   * (`worker: true`). Default `true`.
   */
  readonly dispatchInline?: boolean;
  /**
   * At shutdown, how long first attempts made inline may still run, in ms. Past it they are cut and record
   * nothing: each row stays `queued` and its delayed job delivers it from the next process. `0`: cut at
   * once. Default `timeoutMs` + 1000 (an attempt that is merely slow ends with its own timeout first).
   */
  readonly shutdownTimeoutMs?: number;
  /** Bytes of an RP's response body read (for the audit) before the socket is closed. Default 4096. */
  readonly maxResponseBytes?: number;
  /** Allow `http:` RP URIs. Default `false`; turn on only for development and tests. */
  readonly allowHttp?: boolean;
  /** Allow loopback, private and other special-use targets. Default `false`; development and tests only. */
  readonly allowPrivateNetworks?: boolean;
  /** Host name resolver (all addresses). Default `dns.lookup` with `all: true`. */
  readonly lookup?: HostLookup;
  /** `User-Agent` header of the requests. Default `nestjs-backchannel-logout`. */
  readonly userAgent?: string;
  /** Completed Bull jobs kept in Redis (the audit table keeps everything). Default 1000. */
  readonly keepCompletedJobs?: number;
  /** Failed Bull jobs kept in Redis. Default 5000. */
  readonly keepFailedJobs?: number;
}

/** The outbox: delivery rows written before Redis is touched, and the relay that enqueues leftovers. */
export interface BackchannelLogoutOutboxOptions {
  /** How often pending rows are (re-)enqueued, in ms. `0` turns the relay off. Default 5000. */
  readonly relayIntervalMs?: number;
  /** Rows handled per relay run. Default 500. */
  readonly batchSize?: number;
  /** How long a logout call waits for Redis to accept its jobs before leaving them to the relay. Default 2000. */
  readonly enqueueTimeoutMs?: number;
  /** A queued or retrying row untouched for this long is checked for a vanished Bull job. Default 60000. */
  readonly staleAfterMs?: number;
}

/** Per-RP health (issue #9): when an RP counts as degraded or paused, and how a paused one is probed. */
export interface BackchannelLogoutRpHealthOptions {
  /** Failed attempts in a row after which the bounded wait stops waiting for the RP. Default 3. */
  readonly degradeAfter?: number;
  /** Failed attempts in a row after which the RP's deliveries are held (`paused`). Default 20. */
  readonly pauseAfter?: number;
  /** How often a paused RP is probed, in ms. `0` turns the probe off (resume by hand only). Default 30000. */
  readonly probeIntervalMs?: number;
  /** Attempts of one RP in flight at once in this process (a degraded RP: 1). Default half of `delivery.concurrency`, at least 1. */
  readonly maxInFlightPerRp?: number;
  /** How long a job of an RP at its cap waits before it is tried again, in ms (not an attempt). Default 1000. */
  readonly deferMs?: number;
  /**
   * How long a process trusts the RP health it last read or wrote, and Redis's list of degraded and paused
   * RPs (an RP not on it is healthy), in ms: a change made by another process shows here at most this late,
   * and a success of an RP known healthy is not written again meanwhile. `0` asks Redis on every attempt and
   * every bounded-wait check. Default 1000.
   */
  readonly stateCacheMs?: number;
}

/** Options of {@link BackchannelLogoutModule}. */
export interface BackchannelLogoutModuleOptions {
  /** The OP's Issuer Identifier, exactly as in its ID Tokens (`iss`). */
  readonly issuer: string;
  /** The key that signs Logout Tokens, or a function returning the current one (key rotation). */
  readonly signingKey: LogoutTokenSigningKey | LogoutTokenSigningKeyResolver;
  /** Lifetime of a Logout Token (`exp - iat`), in seconds. Default 120 (BCL §4: "at most two minutes"). */
  readonly logoutTokenTtlSeconds?: number;
  /** Registered clients: the host's TypeORM entity, a store object, or `{ useExisting: token }`. */
  readonly clients: BackchannelLogoutClientSource;
  /** Session registry; default: the library's TypeORM entity. */
  readonly sessions?: BackchannelLogoutSessionSource;
  /** Delivery behaviour. */
  readonly delivery?: BackchannelLogoutDeliveryOptions;
  /** Process deliveries in this process (register the Bull worker). Default `true`. */
  readonly worker?: boolean;
  /** Outbox relay. */
  readonly outbox?: BackchannelLogoutOutboxOptions;
  /** Per-RP health thresholds. */
  readonly health?: BackchannelLogoutRpHealthOptions;
  /** How often {@link BackchannelLogoutService.waitForDeliveries} re-reads the audit rows, in ms. Default 200. */
  readonly waitPollIntervalMs?: number;
  /** Server-side OP session lifetimes and the scheduled expiry job. Default: sessions never expire. */
  readonly sessionLifetime?: BackchannelLogoutSessionLifetimeOptions;
}

/** Options fixed when the module is declared (also for `forRootAsync`). */
export interface BackchannelLogoutModuleExtras {
  /** Register the module globally. Default `false`. */
  isGlobal?: boolean;
  /** Bull queue name. Default `backchannel-logout`. */
  queueName?: string;
  /** TypeORM data source name, when the host has several. Default: the default data source. */
  dataSource?: string;
}

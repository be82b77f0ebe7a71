import { InjectionToken } from '@nestjs/common';
import { SessionExpirySource } from './session-expiry-source.interface';

/**
 * Server-side lifetimes of OP sessions. Expired sessions are ended through the normal logout pipeline and
 * every RP that took part is notified; the host calls `SessionLifecycleService.begin()` at login and
 * `touch()` on each use (a session past its lifetime answers `false` and is ended on the spot).
 */
export interface BackchannelLogoutSessionLifetimeOptions {
  /** End a session with no `touch()` for this long (reason `session_expired_idle`). Default: no idle limit. */
  readonly idleSeconds?: number;
  /** End a session this long after `begin()`, however active (reason `session_expired_absolute`). Default: none. */
  readonly absoluteSeconds?: number;
  /**
   * The host's own expiry source (an object, or `{ useExisting: token }`), asked by the same scheduled job.
   * May be combined with the lifetimes above.
   */
  readonly source?:
    SessionExpirySource | { readonly useExisting: InjectionToken<SessionExpirySource> };
  /** How often the expiry job runs (one run at a time across all processes), in ms. Default 60000. */
  readonly checkIntervalMs?: number;
  /** Sessions claimed and ended per batch. Default 100. */
  readonly batchSize?: number;
  /**
   * `touch()` writes the last activity at most this often per session, in ms (so the idle limit is exact to
   * within this). Default: a tenth of `idleSeconds`, at most 60000.
   */
  readonly touchIntervalMs?: number;
  /** The clock (tests). Default `() => new Date()`. */
  readonly clock?: () => Date;
}

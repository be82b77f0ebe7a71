import type { ExpressSessionStoreLike } from './index/express-session.destroyer';
import type { LogoutMarkerStore } from './markers/logout-marker-store.interface';
import type { MarkedSessionAccessor, LoggedOutHandler } from './markers/marked-session.interface';
import type { SessionDestroyer } from './index/session-destroyer.interface';
import type { SessionIndexStore } from './index/session-index-store.interface';
import type { SessionTerminator } from './session-terminator.interface';

/** Server-side sessions: link each session at login; a Logout Token destroys the linked sessions at once. */
export interface SessionIndexStrategyOptions {
  readonly index: {
    /** Where the links live. */
    readonly store: SessionIndexStore;
    /** Destroys one session by id, e.g. `new ExpressSessionDestroyer(sessionStore)`. */
    readonly destroyer: SessionDestroyer;
    /** How many sessions are destroyed in parallel. Default 16. */
    readonly concurrency?: number;
  };
}

/** Stateless sessions (signed cookies, JWT sessions): markers checked by a guard or middleware. */
export interface LogoutMarkerStrategyOptions {
  readonly markers: {
    readonly store: LogoutMarkerStore;
    /** How long a marker lives; at least your sessions' maximum lifetime. Default 7 days. */
    readonly ttlSeconds?: number;
    /** Reads the OIDC identity of the request's session; `undefined` for anonymous requests. */
    readonly sessionAccessor: MarkedSessionAccessor;
    /** Called before the guard/middleware refuses a logged-out request, e.g. to clear the session cookie. */
    readonly onLoggedOut?: LoggedOutHandler;
  };
}

/** Your own way of ending sessions. */
export interface CustomSessionStrategyOptions {
  readonly terminator: SessionTerminator;
}

/**
 * The common case in one line: express-session sessions, linked in a session index kept in the receiver's
 * `redis` and destroyed through your express-session store. Short for
 * `{ index: { store: new RedisSessionIndexStore(redis), destroyer: new ExpressSessionDestroyer(store) } }`.
 *
 * @example
 * BackchannelLogoutReceiverModule.forRoot({
 *   issuers: [{ issuer: 'https://op.example.com', clientId: 'my-rp' }],
 *   redis: { client: redis },
 *   sessions: { expressSession: sessionStore },
 * })
 */
export interface ExpressSessionStrategyOptions {
  /** The store you pass to `express-session` (connect-redis, connect-pg-simple, ...). Needs `redis`. */
  readonly expressSession: ExpressSessionStoreLike;
  /**
   * The key prefix of a Redis session store that keeps each session at `prefix + sessionId` in the receiver's
   * `redis` (connect-redis: its `prefix` option, default `sess:`). With it, sessions are destroyed with a
   * `RedisSessionDestroyer` instead of `store.destroy`, so on one Redis node the claim, the index lookup and the
   * kill are one command (issue #10). Needs `redis: { client }`, the same client as the session store's.
   */
  readonly redisSessionPrefix?: string;
}

/** The three strategies the short form expands to. */
export type ExpandedSessionOptions =
  SessionIndexStrategyOptions | LogoutMarkerStrategyOptions | CustomSessionStrategyOptions;

/** Pick exactly one strategy; `expressSession` is the short form of a Redis session index. */
export type ReceiverSessionOptions = ExpandedSessionOptions | ExpressSessionStrategyOptions;

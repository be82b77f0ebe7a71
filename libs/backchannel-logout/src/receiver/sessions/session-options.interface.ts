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

/** Pick exactly one strategy. */
export type ReceiverSessionOptions =
  SessionIndexStrategyOptions | LogoutMarkerStrategyOptions | CustomSessionStrategyOptions;

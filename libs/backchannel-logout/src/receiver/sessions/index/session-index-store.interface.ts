import { Inject } from '@nestjs/common';

/** One local session linked to the OP session it was created from. */
export interface SessionLink {
  /** The OP's issuer (the ID Token's `iss`). */
  readonly iss: string;
  /** The ID Token's `sub`. */
  readonly sub?: string;
  /** The ID Token's `sid`, when the OP sends one. */
  readonly sid?: string;
  /** Your local session id (for express-session: `req.sessionID`). */
  readonly sessionId: string;
  /**
   * When the user authenticated, in epoch seconds — preferably the ID Token's `iat` (the OP's clock, like the
   * Logout Token's `iat`). A `sub`-only Logout Token issued before this time does not end the session (SET §5.4).
   */
  readonly authTime?: number;
}

/** `link()` input: a `SessionLink` and an optional lifetime (default: the store's `ttlSeconds`). */
export interface SessionLinkInput extends SessionLink {
  /** Keep the link this long; match it to your session's maximum lifetime. */
  readonly ttlSeconds?: number;
}

/** Which links a Logout Token selects: by `(iss, sid)` when it has a `sid`, else by `(iss, sub)`. */
export type SessionLinkQuery =
  { readonly iss: string; readonly sid: string } | { readonly iss: string; readonly sub: string };

/**
 * Port: an index from `(iss, sid)` and `(iss, sub)` to local session ids, so a logout costs
 * O(sessions of that user), never a scan. Implementations: `RedisSessionIndexStore`,
 * `TypeOrmSessionIndexStore`, `MemorySessionIndexStore`.
 */
export interface SessionIndexStore {
  link(link: SessionLinkInput): Promise<void>;
  /**
   * Forget a local session. `known` is its link as `find` just returned it, when the caller has it (the
   * terminator does): a store that needs the link's fields to unlink may use it instead of reading them again.
   */
  unlink(sessionId: string, known?: SessionLink): Promise<void>;
  find(query: SessionLinkQuery): Promise<SessionLink[]>;
}

/** Injection token of the configured `SessionIndexStore` (`null` when another session strategy is configured). */
export const SessionIndexStore = Symbol('SessionIndexStore');

/** `@InjectSessionIndexStore()` injects the configured `SessionIndexStore`. */
export const InjectSessionIndexStore = (): ParameterDecorator & PropertyDecorator =>
  Inject(SessionIndexStore);

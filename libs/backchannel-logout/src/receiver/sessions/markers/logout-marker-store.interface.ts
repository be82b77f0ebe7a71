import { Inject } from '@nestjs/common';

/** A marker that says: sessions of this OP session (`sid`) or of this user (`sub`) were logged out. */
export type LogoutMarker =
  | {
      readonly kind: 'sid';
      readonly iss: string;
      readonly sid: string;
      /** The token's `sub`, when it had one: a session with another `sub` is not affected. */
      readonly sub?: string;
      /** The Logout Token's `iat` (seconds). */
      readonly iat: number;
    }
  | { readonly kind: 'sub'; readonly iss: string; readonly sub: string; readonly iat: number };

/** Which markers concern one session. */
export interface LogoutMarkerQuery {
  readonly iss: string;
  readonly sub?: string;
  readonly sid?: string;
}

/** The markers found for one session. */
export interface FoundLogoutMarkers {
  readonly sid?: Extract<LogoutMarker, { kind: 'sid' }>;
  readonly sub?: Extract<LogoutMarker, { kind: 'sub' }>;
}

/**
 * Port: stores logout markers for stateless sessions. Implementations: `RedisLogoutMarkerStore`,
 * `TypeOrmLogoutMarkerStore`, `MemoryLogoutMarkerStore`.
 */
export interface LogoutMarkerStore {
  /** Record a marker for `ttlSeconds`; for an existing marker the later `iat` wins. */
  mark(marker: LogoutMarker, ttlSeconds: number): Promise<void>;
  find(query: LogoutMarkerQuery): Promise<FoundLogoutMarkers>;
  /** Remove the `sid` marker of `(iss, sid)`. */
  clearSid(iss: string, sid: string): Promise<void>;
}

/** Injection token of the configured `LogoutMarkerStore` (`null` when another session strategy is configured). */
export const LogoutMarkerStore = Symbol('LogoutMarkerStore');

/** `@InjectLogoutMarkerStore()` injects the configured `LogoutMarkerStore`. */
export const InjectLogoutMarkerStore = (): ParameterDecorator & PropertyDecorator =>
  Inject(LogoutMarkerStore);

import type { InjectionToken } from '@nestjs/common';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';

/**
 * What the receiver calls on this app's own OP side when it propagates a logout (BCL §2.7). The provider
 * side's `BackchannelLogoutService` has this shape; any object with these methods works.
 */
export interface DownstreamLogoutNotifier {
  /**
   * `loggedOutAt` (epoch seconds) is the upstream Logout Token's `iat`, the time of the original logout: a
   * notifier that honours it ends only sessions authenticated before it, and sends it on as the downstream
   * tokens' `iat`, so a late propagation never ends a newer login (SET §5.4).
   */
  logoutUser(input: { sub: string; reason?: string; loggedOutAt?: number }): Promise<unknown>;
  logoutSession(input: { sid: string; reason?: string }): Promise<unknown>;
}

/** Propagate by hand: called with the verified token and the local session ids that were ended. */
export type DownstreamLogoutFunction = (
  token: VerifiedLogoutToken,
  endedSessionIds: readonly string[],
) => Promise<void>;

/** Propagate through a `DownstreamLogoutNotifier` resolved lazily from the application's modules. */
export interface DownstreamLogoutNotifierOptions {
  /** The notifier's injection token or class (e.g. `BackchannelLogoutService`), or an instance. */
  readonly notifier: InjectionToken<DownstreamLogoutNotifier> | DownstreamLogoutNotifier;
  /**
   * A `sub`-only token calls `logoutUser({ sub })` with this user id; map `(token.iss, token.sub)` — a `sub` is
   * unique only per issuer (Core §2). Default, allowed only with a single trusted issuer: the token's `sub`
   * (this app uses the upstream subject as its own user id). Required with several trusted issuers, so one
   * issuer's `sub` can never log out another issuer's user. Return `undefined` to skip.
   */
  readonly userIdFor?: (
    token: VerifiedLogoutToken,
  ) => string | undefined | Promise<string | undefined>;
  /**
   * A `sid` token calls `logoutSession({ sid })` for each ended local session that is also one of this app's
   * OP sessions; this maps a local session id to that OP `sid`. Default: the local session id itself.
   * Return `undefined` for sessions that are not OP sessions.
   */
  readonly sidForSession?: (sessionId: string) => string | undefined | Promise<string | undefined>;
}

/** The `downstream` option: a notifier with its mapping, or your own function. */
export type DownstreamLogoutOption = DownstreamLogoutNotifierOptions | DownstreamLogoutFunction;

/** The `reason` the receiver passes to the notifier (the provider side keeps it in its audit). */
export const DOWNSTREAM_LOGOUT_REASON = 'upstream_backchannel_logout';

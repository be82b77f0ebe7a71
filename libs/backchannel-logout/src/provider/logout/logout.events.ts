import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';

/**
 * Event names (for `@nestjs/event-emitter`). The host emits the first three; the module emits the last two.
 *
 * @example
 * this.events.emit(BACKCHANNEL_LOGOUT_EVENT_NAMES.sessionEnded, new LogoutSessionEvent({ sid }));
 * \@OnEvent(BACKCHANNEL_LOGOUT_EVENT_NAMES.deliveryFailed) onFailed(e: LogoutDeliveryFailedEvent) { ... }
 */
export const BACKCHANNEL_LOGOUT_EVENT_NAMES = {
  /** Host → module: OP session `sid` ended. Payload {@link LogoutSessionEvent}. */
  sessionEnded: 'backchannel-logout.session-ended',
  /** Host → module: user `sub` is logged out everywhere. Payload {@link LogoutUserEvent}. */
  userLoggedOut: 'backchannel-logout.user-logged-out',
  /** Host → module: an ID Token was issued (record the RP session). Payload {@link IdTokenIssuedEvent}. */
  idTokenIssued: 'backchannel-logout.id-token-issued',
  /** Module → host: an RP acknowledged a Logout Token. Payload {@link LogoutDeliverySucceededEvent}. */
  deliverySucceeded: 'backchannel-logout.delivery-succeeded',
  /** Module → host: an attempt failed (`final` says whether another follows). Payload {@link LogoutDeliveryFailedEvent}. */
  deliveryFailed: 'backchannel-logout.delivery-failed',
  /** Module → host: an RP became healthy, degraded or paused. Payload `RpHealthChangedEvent`. */
  rpHealthChanged: 'backchannel-logout.rp-health-changed',
} as const;

/** @deprecated Internal alias kept while other code moves to {@link BACKCHANNEL_LOGOUT_EVENT_NAMES}; not exported. */
export const BACKCHANNEL_LOGOUT_EVENTS = BACKCHANNEL_LOGOUT_EVENT_NAMES;

/** Why a logout happened, kept in the audit (e.g. `rp_initiated`, `admin_revoke`, `account_deleted`). */
interface LogoutCommon {
  readonly reason?: string;
  /** The RP that asked for the logout (RP-Initiated Logout); it is notified like the others (RPIL §2). */
  readonly initiatingClientId?: string;
}

/** Input of {@link BackchannelLogoutService.logoutSession}: this OP session ended. */
export interface LogoutSessionInput extends LogoutCommon {
  readonly sid: string;
}

/** Input of {@link BackchannelLogoutService.logoutUser}: this user is logged out everywhere. */
export interface LogoutUserInput extends LogoutCommon {
  readonly sub: string;
}

/**
 * Input of {@link BackchannelLogoutService.logoutMany}: logouts that happened together (node-oidc-provider's
 * end_session, which gives every client of the session its own `sid`).
 */
export interface LogoutManyInput extends LogoutCommon {
  /** OP sessions that ended: each notifies as `logoutSession({ sid })` would. */
  readonly sids?: readonly string[];
  /** Users logged out everywhere: each notifies as `logoutUser({ sub })` would. */
  readonly subs?: readonly string[];
}

/** Payload of {@link BACKCHANNEL_LOGOUT_EVENTS}.sessionEnded. */
export class LogoutSessionEvent implements LogoutSessionInput {
  readonly sid: string;
  readonly reason?: string;
  readonly initiatingClientId?: string;
  constructor(input: LogoutSessionInput) {
    Object.assign(this, input);
  }
}

/** Payload of {@link BACKCHANNEL_LOGOUT_EVENTS}.userLoggedOut. */
export class LogoutUserEvent implements LogoutUserInput {
  readonly sub: string;
  readonly reason?: string;
  readonly initiatingClientId?: string;
  constructor(input: LogoutUserInput) {
    Object.assign(this, input);
  }
}

/** Payload of {@link BACKCHANNEL_LOGOUT_EVENTS}.idTokenIssued: `clientId` got an ID Token for `sub` with `sid`. */
export class IdTokenIssuedEvent {
  readonly sid: string | null;
  readonly sub: string;
  readonly clientId: string;
  constructor(input: { sid: string | null; sub: string; clientId: string }) {
    this.sid = input.sid;
    this.sub = input.sub;
    this.clientId = input.clientId;
  }
}

/** Fields every delivery event carries (never the token). */
export interface LogoutDeliveryEventFields {
  readonly deliveryId: string;
  readonly logoutId: string;
  readonly clientId: string;
  readonly jti: string;
  readonly sub: string | null;
  readonly sid: string | null;
  /** Attempt number, 1-based, over the delivery's whole life. */
  readonly attempt: number;
  readonly httpStatus: number | null;
  readonly durationMs: number;
}

/** Payload of {@link BACKCHANNEL_LOGOUT_EVENTS}.deliverySucceeded. */
export class LogoutDeliverySucceededEvent {
  constructor(readonly delivery: LogoutDeliveryEventFields) {}
}

/** Payload of {@link BACKCHANNEL_LOGOUT_EVENTS}.deliveryFailed. */
export class LogoutDeliveryFailedEvent {
  constructor(
    readonly delivery: LogoutDeliveryEventFields,
    readonly errorCode: BackchannelLogoutErrorCode,
    readonly errorMessage: string,
    /** `true` when no further attempt follows. */
    readonly final: boolean,
  ) {}
}

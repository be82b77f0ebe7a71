import { Inject } from '@nestjs/common';
import type { BackchannelLogoutErrorCode } from '../backchannel-logout.messages';

/**
 * Where a delivery stands after one attempt (the audit row's status): `retrying` means another attempt is
 * scheduled; `delivered`, `unconfirmed` (the RP refused a retransmission, most likely done) and `failed` are final.
 */
export type DeliveryAttemptOutcome = 'delivered' | 'retrying' | 'unconfirmed' | 'failed';

/** One delivery attempt as the provider recorded it (never the token). */
export interface DeliveryAttemptObservation {
  readonly deliveryId: string;
  readonly logoutId: string;
  readonly clientId: string;
  readonly jti: string;
  /** 1-based over the delivery's life; `0` when nothing could be sent (e.g. `session_required_no_sid`). */
  readonly attempt: number;
  /** `delivered`, `unconfirmed` and `failed` are final; `retrying` means another attempt is scheduled. */
  readonly outcome: DeliveryAttemptOutcome;
  readonly errorCode: BackchannelLogoutErrorCode | null;
  readonly httpStatus: number | null;
  /** Duration of this attempt (resolve, connect, POST, capped body read), in ms. */
  readonly durationMs: number;
  /** When the logout stored the delivery: `now - createdAt` on success is the propagation latency. */
  readonly createdAt: Date;
}

/** One request at the receiver's endpoint and how it ended. */
export interface LogoutTokenObservation {
  readonly outcome: 'accepted' | 'rejected';
  /** The refusal's stable code (`null` when accepted). */
  readonly errorCode: BackchannelLogoutErrorCode | null;
  /** Sessions the logout ended (0 when rejected, or when the RP knew none, BCL §2.7). */
  readonly sessionsEnded: number;
}

/**
 * Port: sees what the library does, for metrics or tracing. `BackchannelLogoutMetricsModule` implements it
 * with Prometheus; a host can provide its own under this token from a global module. Methods are called
 * synchronously on the hot path: keep them cheap, and never throw (a throw is caught and logged).
 */
export interface BackchannelLogoutObserver {
  /** The provider recorded the outcome of a delivery attempt. */
  deliveryAttempted?(observation: DeliveryAttemptObservation): void;
  /** The receiver's endpoint answered a request (200 accepted, or 400/405 rejected). */
  logoutTokenReceived?(observation: LogoutTokenObservation): void;
}

/** Injection token of the {@link BackchannelLogoutObserver} port (optional: nothing observes by default). */
export const BackchannelLogoutObserver = Symbol('BackchannelLogoutObserver');

/** `@InjectBackchannelLogoutObserver() observer: BackchannelLogoutObserver` */
export const InjectBackchannelLogoutObserver = (): ParameterDecorator =>
  Inject(BackchannelLogoutObserver);

/**
 * Calls one hook of the observer, if there is an observer with that hook. A throw is logged and goes no
 * further, so a failing observer never changes what the library does.
 */
export function notifyObserver<Hook extends keyof BackchannelLogoutObserver>(
  observer: BackchannelLogoutObserver | null,
  hook: Hook,
  observation: Parameters<Required<BackchannelLogoutObserver>[Hook]>[0],
  logger: { error(message: string): unknown },
): void {
  const observe = observer?.[hook] as ((o: typeof observation) => void) | undefined;
  if (!observe) return;
  try {
    observe.call(observer, observation);
  } catch (err) {
    logger.error(`${hook} observer threw: ${(err as Error).message}`);
  }
}

import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { LogoutDeliveryStatus } from '../delivery/logout-delivery.entity';
import { SkippedClient } from './logout.planner';

/** One delivery created by a logout call. */
export interface LogoutDeliverySummary {
  readonly deliveryId: string;
  readonly clientId: string;
  readonly jti: string;
  readonly sub: string | null;
  readonly sid: string | null;
  /** `queued`, `pending` (Redis unavailable: the outbox relay enqueues it later) or `failed` (never sent). */
  readonly status: LogoutDeliveryStatus;
  readonly errorCode: BackchannelLogoutErrorCode | null;
}

/** What `logoutSession` / `logoutUser` return, right after the jobs are enqueued (no HTTP call was made). */
export interface BackchannelLogoutResult {
  /** Groups the deliveries of this logout (audit filter, {@link BackchannelLogoutService.waitForDeliveries}). */
  readonly logoutId: string;
  readonly deliveries: readonly LogoutDeliverySummary[];
  /** Clients of the session that get nothing, with why. */
  readonly skipped: readonly SkippedClient[];
  /** `false` when Redis did not take the jobs in time; the rows wait in the outbox for the relay. */
  readonly enqueued: boolean;
}

/** The per-RP outcome reported by a bounded wait. */
export interface LogoutDeliveryOutcome {
  readonly deliveryId: string;
  readonly clientId: string;
  readonly sid: string | null;
  readonly status: LogoutDeliveryStatus;
  readonly attempts: number;
  readonly lastHttpStatus: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

/** What {@link BackchannelLogoutService.waitForDeliveries} resolves to. */
export interface LogoutWaitResult {
  readonly logoutId: string;
  /** `true` when every delivery is `delivered` or `failed`; `false` when the wait timed out first. */
  readonly settled: boolean;
  readonly deliveries: readonly LogoutDeliveryOutcome[];
}

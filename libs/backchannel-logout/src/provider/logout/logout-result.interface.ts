import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { LogoutDeliveryStatus } from '../delivery/logout-delivery.entity';
import { SkippedClient } from './logout.planner';

/**
 * One delivery, per RP, as a logout call returns it (`queued`, `pending` when Redis was unavailable and the
 * outbox relay enqueues it later, or `failed` when it could not be sent at all) and as a bounded wait reports
 * it (any status). The full row is the audit's `LogoutDeliveryRecord`.
 */
export interface LogoutDeliverySummary {
  readonly deliveryId: string;
  readonly clientId: string;
  readonly jti: string;
  readonly sub: string | null;
  readonly sid: string | null;
  readonly status: LogoutDeliveryStatus;
  readonly attempts: number;
  readonly lastHttpStatus: number | null;
  readonly errorCode: BackchannelLogoutErrorCode | null;
  readonly errorMessage: string | null;
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

/** What {@link BackchannelLogoutService.waitForDeliveries} resolves to. */
export interface LogoutWaitResult {
  readonly logoutId: string;
  /** `true` when every delivery is final (`delivered`, `unconfirmed`, `failed`); `false` when the wait timed out first. */
  readonly settled: boolean;
  readonly deliveries: readonly LogoutDeliverySummary[];
}

/** Options of {@link BackchannelLogoutService.waitForDeliveries}. */
export interface WaitForDeliveriesOptions {
  /**
   * Wait for deliveries to degraded and paused RPs too (scripts, tests). Default `false`: the bounded wait of
   * RP-Initiated Logout answers in healthy-RP time while an RP is known bad (issue #9).
   */
  readonly includeUnhealthyRps?: boolean;
}

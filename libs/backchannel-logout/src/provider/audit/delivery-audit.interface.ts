import { LogoutDeliveryStatus } from '../delivery/logout-delivery.entity';

/** Filter of {@link BackchannelLogoutAuditService.list}; every field is optional and they combine with AND. */
export interface LogoutDeliveryQuery {
  readonly clientId?: string;
  readonly status?: LogoutDeliveryStatus | readonly LogoutDeliveryStatus[];
  readonly sub?: string;
  readonly sid?: string;
  readonly logoutId?: string;
  readonly jti?: string;
  /** Created at or after. */
  readonly from?: Date;
  /** Created before. */
  readonly to?: Date;
  /** 1-based. Default 1. */
  readonly page?: number;
  /** Default 50, at most 500. */
  readonly pageSize?: number;
}

/** One delivery as the audit shows it (the token itself is never stored). */
export interface LogoutDeliveryRecord {
  readonly id: string;
  readonly logoutId: string;
  readonly jti: string;
  readonly clientId: string;
  readonly uri: string;
  readonly sub: string | null;
  readonly sid: string | null;
  readonly reason: string | null;
  readonly initiatingClientId: string | null;
  readonly status: LogoutDeliveryStatus;
  readonly attempts: number;
  readonly lastHttpStatus: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly tokenIssuedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly durationMs: number | null;
}

/** One page of deliveries, newest first. */
export interface LogoutDeliveryPage {
  readonly items: readonly LogoutDeliveryRecord[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LogoutDeliveryStatus } from './delivery-status.constants';

export type { LogoutDeliveryStatus } from './delivery-status.constants';
export { OPEN_DELIVERY_STATUSES, TERMINAL_DELIVERY_STATUSES } from './delivery-status.constants';

/**
 * One Logout Token for one RP: outbox entry and audit record at once (table `bcl_delivery`). Its `id` is
 * also the Bull job id, so enqueueing it twice is harmless. The token itself is never stored: it is signed
 * at delivery time from these columns (same `jti` on every attempt).
 */
@Entity('bcl_delivery')
@Index('IDX_bcl_delivery_logout', ['logoutId'])
@Index('IDX_bcl_delivery_status_updated', ['status', 'updatedAt'])
@Index('IDX_bcl_delivery_client_created', ['clientId', 'createdAt'])
@Index('IDX_bcl_delivery_created', ['createdAt'])
export class LogoutDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'logout_id', type: 'varchar', length: 36 })
  logoutId: string;

  @Column({ type: 'varchar', length: 64 })
  jti: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId: string;

  @Column({ type: 'varchar', length: 2048 })
  uri: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  sub: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  sid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ name: 'initiating_client_id', type: 'varchar', length: 255, nullable: true })
  initiatingClientId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: LogoutDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_http_status', type: 'integer', nullable: true })
  lastHttpStatus: number | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 1024, nullable: true })
  errorMessage: string | null;

  /** `iat` of the token: the logout time, the same on every attempt (BCL §2.4, issue #8). */
  @Column({ name: 'token_issued_at', type: Date, nullable: true })
  tokenIssuedAt: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @Column({ name: 'last_attempt_at', type: Date, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'delivered_at', type: Date, nullable: true })
  deliveredAt: Date | null;

  /** Duration of the last attempt, in ms. */
  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs: number | null;
}

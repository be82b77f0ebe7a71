import { SelectQueryBuilder } from 'typeorm';
import { LogoutDeliveryQuery, LogoutDeliveryRecord } from '../audit/delivery-audit.interface';
import { LogoutDeliverySummary } from '../logout/logout-result.interface';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** The audit filter as SQL conditions (every field optional, combined with AND). */
export function applyDeliveryQuery(
  qb: SelectQueryBuilder<LogoutDeliveryEntity>,
  q: LogoutDeliveryQuery,
): SelectQueryBuilder<LogoutDeliveryEntity> {
  if (q.clientId !== undefined) qb.andWhere('d.clientId = :clientId', { clientId: q.clientId });
  if (q.status !== undefined) {
    const statuses = Array.isArray(q.status) ? q.status : [q.status];
    qb.andWhere('d.status IN (:...statuses)', { statuses: statuses.length ? statuses : [''] });
  }
  if (q.sub !== undefined) qb.andWhere('d.sub = :sub', { sub: q.sub });
  if (q.sid !== undefined) qb.andWhere('d.sid = :sid', { sid: q.sid });
  if (q.logoutId !== undefined) qb.andWhere('d.logoutId = :logoutId', { logoutId: q.logoutId });
  if (q.jti !== undefined) qb.andWhere('d.jti = :jti', { jti: q.jti });
  if (q.from !== undefined) qb.andWhere('d.createdAt >= :from', { from: q.from });
  if (q.to !== undefined) qb.andWhere('d.createdAt < :to', { to: q.to });
  return qb;
}

/** A row as the audit shows it (a plain copy: callers never hold a TypeORM entity). */
export function toDeliveryRecord(row: LogoutDeliveryEntity): LogoutDeliveryRecord {
  return { ...row };
}

/** A row as a logout call and a bounded wait report it, per RP. */
export function toDeliverySummary(row: LogoutDeliveryEntity): LogoutDeliverySummary {
  return {
    deliveryId: row.id,
    clientId: row.clientId,
    jti: row.jti,
    sub: row.sub,
    sid: row.sid,
    status: row.status,
    attempts: row.attempts,
    lastHttpStatus: row.lastHttpStatus,
    errorCode: row.errorCode as BackchannelLogoutErrorCode | null,
    errorMessage: row.errorMessage,
  };
}

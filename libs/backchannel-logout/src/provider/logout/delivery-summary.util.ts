import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { LogoutDeliveryEntity } from '../delivery/logout-delivery.entity';
import { LogoutDeliverySummary } from './logout-result.interface';

/** The summary of stored delivery rows that a logout call (or a test send) returns. */
export function summarizeDeliveries(
  rows: readonly LogoutDeliveryEntity[],
): LogoutDeliverySummary[] {
  return rows.map((r) => ({
    deliveryId: r.id,
    clientId: r.clientId,
    jti: r.jti,
    sub: r.sub,
    sid: r.sid,
    status: r.status,
    errorCode: r.errorCode as BackchannelLogoutErrorCode | null,
  }));
}

import { LogoutDeliveryEventFields } from '../logout/logout.events';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** The event/log fields of one attempt on a delivery row (identifiers only, never the token). */
export function deliveryEventFields(
  row: LogoutDeliveryEntity,
  attempt: {
    readonly attempt: number;
    readonly httpStatus: number | null;
    readonly durationMs: number;
  },
): LogoutDeliveryEventFields {
  return {
    deliveryId: row.id,
    logoutId: row.logoutId,
    clientId: row.clientId,
    jti: row.jti,
    sub: row.sub,
    sid: row.sid,
    ...attempt,
  };
}

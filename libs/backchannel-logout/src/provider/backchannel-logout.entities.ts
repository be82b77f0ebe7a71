import { LogoutDeliveryEntity } from './delivery/logout-delivery.entity';
import { SessionActivityEntity } from './sessions/session-activity.entity';
import { SessionParticipantEntity } from './sessions/session-participant.entity';

/**
 * The library's entities, for hosts that list entities by hand instead of `autoLoadEntities: true`.
 *
 * @example
 * TypeOrmModule.forRoot({ ..., entities: [Client, ...BACKCHANNEL_LOGOUT_ENTITIES] })
 */
export const BACKCHANNEL_LOGOUT_ENTITIES = [
  SessionParticipantEntity,
  LogoutDeliveryEntity,
  SessionActivityEntity,
] as const;

import { BackchannelLogoutMarkerRecord } from './logout-marker.entity';
import { BackchannelReplayRecord } from './replay-record.entity';
import { BackchannelSessionLinkRecord } from './session-link.entity';

/**
 * The receiver's TypeORM entities. Add them to your DataSource (`entities: [...BACKCHANNEL_RECEIVER_ENTITIES]`,
 * or `TypeOrmModule.forFeature(BACKCHANNEL_RECEIVER_ENTITIES)` with `autoLoadEntities`), or run
 * `BackchannelReceiverTables1790000000000` as a migration.
 */
export const BACKCHANNEL_RECEIVER_ENTITIES = [
  BackchannelReplayRecord,
  BackchannelSessionLinkRecord,
  BackchannelLogoutMarkerRecord,
] as const;

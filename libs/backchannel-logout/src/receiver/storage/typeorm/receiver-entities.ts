import { BackchannelLogoutMarkerRecord } from './logout-marker.entity';
import { BackchannelReceiverTables1790000000000 } from './receiver-tables.migration';
import { BackchannelReceiverReplayLease1790000000001 } from './replay-lease.migration';
import { BackchannelReplayRecord } from './replay-record.entity';
import { BackchannelSessionLinkRecord } from './session-link.entity';

/**
 * The receiver's TypeORM entities. Add them to your DataSource (`entities: [...BACKCHANNEL_RECEIVER_ENTITIES]`,
 * or `TypeOrmModule.forFeature(BACKCHANNEL_RECEIVER_ENTITIES)` with `autoLoadEntities`), or run
 * `BACKCHANNEL_RECEIVER_MIGRATIONS` as migrations.
 */
export const BACKCHANNEL_RECEIVER_ENTITIES = [
  BackchannelReplayRecord,
  BackchannelSessionLinkRecord,
  BackchannelLogoutMarkerRecord,
] as const;

/** The receiver's migrations, in order: `migrations: [...BACKCHANNEL_RECEIVER_MIGRATIONS]`. */
export const BACKCHANNEL_RECEIVER_MIGRATIONS = [
  BackchannelReceiverTables1790000000000,
  BackchannelReceiverReplayLease1790000000001,
] as const;

import type { MigrationInterface } from 'typeorm';
import { BackchannelReceiverTables1790000000000 } from './receiver-tables.migration';

/**
 * The migrations of the receiver's TypeORM tables; add them to your DataSource's `migrations` when you use
 * the TypeORM stores and do not synchronize.
 *
 * @example
 * new DataSource({ ..., entities: [...BACKCHANNEL_RECEIVER_ENTITIES], migrations: [...BACKCHANNEL_RECEIVER_MIGRATIONS] })
 */
export const BACKCHANNEL_RECEIVER_MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [
  BackchannelReceiverTables1790000000000,
];

import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import {
  BACKCHANNEL_RECEIVER_ENTITIES,
  BACKCHANNEL_RECEIVER_MIGRATIONS,
} from 'nestjs-backchannel-logout/receiver/typeorm';
import { databaseOptions } from '../../../shared/database.options';
import { ReceiverDatabaseConfig } from '../config/receiver-config';

/**
 * The receiver's database holds the library's session index (which local session belongs to which
 * OP session), built by the library's migration on SQLite or PostgreSQL.
 */
export function receiverDatabaseOptions(database: ReceiverDatabaseConfig): TypeOrmModuleOptions {
  return databaseOptions(database, {
    entities: [...BACKCHANNEL_RECEIVER_ENTITIES],
    migrations: [...BACKCHANNEL_RECEIVER_MIGRATIONS],
  });
}

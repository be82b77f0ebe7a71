import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import {
  BACKCHANNEL_RECEIVER_ENTITIES,
  BackchannelReceiverTables1790000000000,
} from 'nestjs-backchannel-logout';
import { ReceiverDatabaseConfig } from '../config/receiver-config';

/**
 * The receiver's database holds the library's session index (which local session belongs to which
 * OP session), built by the library's migration on SQLite or PostgreSQL.
 */
export function receiverDatabaseOptions(database: ReceiverDatabaseConfig): TypeOrmModuleOptions {
  const common = {
    entities: [...BACKCHANNEL_RECEIVER_ENTITIES],
    migrations: [BackchannelReceiverTables1790000000000],
    migrationsRun: true,
    synchronize: false,
  };
  if (database.type === 'postgres') return { type: 'postgres', url: database.url, ...common };
  if (database.database !== ':memory:') {
    mkdirSync(path.dirname(path.resolve(database.database)), { recursive: true });
  }
  return { type: 'better-sqlite3', database: database.database, ...common };
}

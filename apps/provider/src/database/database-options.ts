import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { ProviderDatabaseConfig } from '../config/provider-config';
import { ALL_ENTITIES } from './provider-entities';
import { PROVIDER_MIGRATIONS } from './provider-migrations';

/**
 * TypeORM options for the provider: migrations (never `synchronize`) build the schema on SQLite and
 * PostgreSQL; the app's entities and migrations plus the library's.
 */
export function providerDatabaseOptions(database: ProviderDatabaseConfig): TypeOrmModuleOptions {
  const common = {
    entities: ALL_ENTITIES,
    migrations: PROVIDER_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
  };
  if (database.type === 'postgres') return { type: 'postgres', url: database.url, ...common };
  if (database.database !== ':memory:') {
    mkdirSync(path.dirname(path.resolve(database.database)), { recursive: true });
  }
  return { type: 'better-sqlite3', database: database.database, ...common };
}

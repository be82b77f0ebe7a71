import { DataSource } from 'typeorm';
import { BACKCHANNEL_LOGOUT_ENTITIES } from '../../libs/backchannel-logout/src/provider/backchannel-logout.entities';
import { BACKCHANNEL_LOGOUT_MIGRATIONS } from '../../libs/backchannel-logout/src/provider/migrations/backchannel-logout.migrations';
import { TestDatabase } from './databases';

/**
 * A fresh database of `db` with the library's tables made by its shipped migrations, as an initialized
 * DataSource (the caller destroys it and drops `db`).
 */
export async function migratedLibraryDataSource(db: TestDatabase): Promise<DataSource> {
  const dataSource = new DataSource({
    ...(await db.create()),
    entities: [...BACKCHANNEL_LOGOUT_ENTITIES],
    migrations: [...BACKCHANNEL_LOGOUT_MIGRATIONS],
    migrationsRun: true,
  });
  return dataSource.initialize();
}

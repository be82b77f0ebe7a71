import { join } from 'node:path';
import { testDatabases, TestDatabaseOptions } from '../../support/databases';

/** A database several processes share: PostgreSQL when DATABASE_URL points at one, else a SQLite file. */
export interface SharedDatabase {
  readonly name: 'postgres' | 'sqlite-file';
  readonly options: TestDatabaseOptions;
  drop(): Promise<void>;
}

/**
 * Multi-process scenarios prefer PostgreSQL (several processes writing one SQLite file serialize on its
 * lock: it works, WAL and a busy timeout, but it is not how anyone runs several workers in production).
 */
export async function sharedDatabase(dir: string): Promise<SharedDatabase> {
  const postgres = testDatabases().find((d) => d.name === 'postgres');
  if (postgres) {
    return { name: 'postgres', options: await postgres.create(), drop: () => postgres.drop() };
  }
  return {
    name: 'sqlite-file',
    options: { type: 'better-sqlite3', database: join(dir, 'op.sqlite') },
    drop: () => Promise.resolve(),
  };
}

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createPostgresDatabase } from '../../test/support/databases';
import { BenchEnv } from './bench-env.util';

/** TypeORM connection options of one bench database. */
export type BenchDatabaseOptions =
  | { type: 'better-sqlite3'; database: string; enableWAL: boolean }
  | { type: 'postgres'; url: string };

/** A fresh database for one OP; `drop()` removes it. */
export interface BenchDatabase {
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly options: BenchDatabaseOptions;
  drop(): Promise<void>;
}

/** Remove a SQLite file and its companions (-wal, -shm, -journal). */
export function removeSqliteFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/** A SQLite file under the run's temp directory (a file, like a real deployment, not `:memory:`). */
export function sqliteDatabase(env: BenchEnv, label: string): BenchDatabase {
  const file = join(env.tmpDir, `${label}-${process.pid}-${randomBytes(3).toString('hex')}.sqlite`);
  return {
    name: 'SQLite',
    // WAL, as a host running SQLite under concurrent writes would configure it (TypeORM's enableWAL).
    options: {
      type: 'better-sqlite3',
      database: file,
      enableWAL: process.env.BENCH_SQLITE_WAL !== '0',
    },
    drop: () => {
      removeSqliteFile(file);
      return Promise.resolve();
    },
  };
}

/** A fresh PostgreSQL database on the server of `adminUrl`, dropped afterwards. */
export async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const { url, drop } = await createPostgresDatabase(adminUrl, 'bcl_bench');
  return { name: 'PostgreSQL', options: { type: 'postgres', url }, drop };
}

export type BenchDatabaseKind = BenchDatabase['name'];

/** SQLite always; PostgreSQL too when DATABASE_URL is a PostgreSQL URL. */
export function databaseKinds(env: BenchEnv): BenchDatabaseKind[] {
  return env.postgresUrl ? ['SQLite', 'PostgreSQL'] : ['SQLite'];
}

/** A fresh, empty database of that kind. */
export function createDatabase(
  env: BenchEnv,
  kind: BenchDatabaseKind,
  label: string,
): Promise<BenchDatabase> {
  return kind === 'PostgreSQL' && env.postgresUrl
    ? postgresDatabase(env.postgresUrl)
    : Promise.resolve(sqliteDatabase(env, label));
}

/** Run `body` on a fresh database of each kind, dropping it afterwards. */
export async function forEachDatabase<T>(
  env: BenchEnv,
  label: string,
  body: (db: BenchDatabase) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (const kind of databaseKinds(env)) results.push(await withDatabase(env, kind, label, body));
  return results;
}

export async function withDatabase<T>(
  env: BenchEnv,
  kind: BenchDatabaseKind,
  label: string,
  body: (db: BenchDatabase) => Promise<T>,
): Promise<T> {
  const db = await createDatabase(env, kind, label);
  try {
    return await body(db);
  } finally {
    await db.drop();
  }
}

/** PostgreSQL server version, for the machine description. */
export async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Connection options a test hands to TypeORM (DataSource or TypeOrmModule.forRoot). */
export type TestDatabaseOptions =
  { type: 'better-sqlite3'; database: string } | { type: 'postgres'; url: string };

/** One database a suite runs against; `create()` gives a fresh, empty database, `drop()` removes it. */
export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabaseOptions>;
  drop(): Promise<void>;
}

function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

class SqliteTestDatabase implements TestDatabase {
  readonly name = 'sqlite' as const;
  create(): Promise<TestDatabaseOptions> {
    return Promise.resolve({ type: 'better-sqlite3', database: ':memory:' });
  }
  drop(): Promise<void> {
    return Promise.resolve();
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the PostgreSQL server of `adminUrl` (the benchmarks make theirs with it too). */
export async function createPostgresDatabase(
  adminUrl: string,
  label = 'bcl_t',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

class PostgresTestDatabase implements TestDatabase {
  readonly name = 'postgres' as const;
  private drops: Array<() => Promise<void>> = [];
  constructor(private readonly adminUrl: string) {}

  async create(): Promise<TestDatabaseOptions> {
    const db = await createPostgresDatabase(this.adminUrl);
    this.drops.push(db.drop);
    return { type: 'postgres', url: db.url };
  }

  async drop(): Promise<void> {
    for (const drop of this.drops.splice(0)) await drop();
  }
}

/**
 * SQLite always; PostgreSQL too when DATABASE_URL points at one (`.ci/run` sets it).
 * Use with `describe.each(testDatabases())('... on %s', ...)`.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [new SqliteTestDatabase()];
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) list.push(new PostgresTestDatabase(url));
  return list;
}

/** `describe.each(databaseCases())('on %s', (_name, db) => ...)` */
export function databaseCases(): Array<[string, TestDatabase]> {
  return testDatabases().map((d) => [d.name, d]);
}

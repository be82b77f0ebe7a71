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

class PostgresTestDatabase implements TestDatabase {
  readonly name = 'postgres' as const;
  private created: string[] = [];
  constructor(private readonly adminUrl: string) {}

  async create(): Promise<TestDatabaseOptions> {
    const db = `bcl_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${db}"`);
    } finally {
      await client.end();
    }
    this.created.push(db);
    const url = new URL(this.adminUrl);
    url.pathname = `/${db}`;
    return { type: 'postgres', url: url.toString() };
  }

  async drop(): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      for (const db of this.created.splice(0)) {
        await client.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
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

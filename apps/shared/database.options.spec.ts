import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseOptions } from './database.options';

const schema = { entities: [], migrations: [] };

async function journalMode(database: string): Promise<string> {
  const options = databaseOptions({ type: 'better-sqlite3', database }, schema);
  const dataSource = new DataSource(options as DataSourceOptions);
  await dataSource.initialize();
  try {
    const [row] = await dataSource.query<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
    return row.journal_mode;
  } finally {
    await dataSource.destroy();
  }
}

describe('databaseOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'db-options-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a SQLite file in WAL mode, creating its folder', async () => {
    await expect(journalMode(join(dir, 'nested', 'app.sqlite'))).resolves.toBe('wal');
  });

  it('leaves an in-memory database as it is (WAL does not apply)', async () => {
    await expect(journalMode(':memory:')).resolves.toBe('memory');
  });
});

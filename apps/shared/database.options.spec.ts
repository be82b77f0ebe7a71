import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseOptions } from './database.options';

const schema = { entities: [], migrations: [] };

async function pragmas(database: string): Promise<{ journal: string; synchronous: number }> {
  const options = databaseOptions({ type: 'better-sqlite3', database }, schema);
  const dataSource = new DataSource(options as DataSourceOptions);
  await dataSource.initialize();
  try {
    const [journal] =
      await dataSource.query<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
    const [sync] = await dataSource.query<Array<{ synchronous: number }>>('PRAGMA synchronous');
    return { journal: journal.journal_mode, synchronous: sync.synchronous };
  } finally {
    await dataSource.destroy();
  }
}

describe('databaseOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'db-options-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a SQLite file in WAL mode with synchronous=FULL (a commit is on disk), creating its folder', async () => {
    const file = join(dir, 'nested', 'app.sqlite');
    // 2 = FULL; twice, because a file already in WAL mode opens with the WAL default (NORMAL).
    await expect(pragmas(file)).resolves.toEqual({ journal: 'wal', synchronous: 2 });
    await expect(pragmas(file)).resolves.toEqual({ journal: 'wal', synchronous: 2 });
  });

  it('leaves an in-memory database as it is (WAL does not apply)', async () => {
    await expect(pragmas(':memory:')).resolves.toMatchObject({ journal: 'memory' });
  });
});

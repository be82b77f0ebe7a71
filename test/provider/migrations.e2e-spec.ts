import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackchannelLogoutClientColumnsMigration } from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import { databaseCases, TestDatabaseOptions } from '../support/databases';
import { FixtureClient } from './fixtures/fixture-client.entity';
import {
  AddBackchannelLogoutToClients,
  FIXTURE_ENTITIES,
  FIXTURE_MIGRATIONS,
} from './fixtures/fixture-host.config';
import { shareable } from './fixtures/fixture-op.app';
import { FixtureHostClients1700000000000 } from './fixtures/fixture-host.migration';

async function columnsOf(ds: DataSource, table: string): Promise<string[] | null> {
  const runner = ds.createQueryRunner();
  try {
    const t = await runner.getTable(table);
    return t ? t.columns.map((c) => c.name).sort() : null;
  } finally {
    await runner.release();
  }
}

describe('createBackchannelLogoutClientColumnsMigration', () => {
  it('names the class with a 13-digit timestamp and refuses other timestamps', () => {
    expect(new AddBackchannelLogoutToClients().name).toBe(
      'BackchannelLogoutClientColumns1764460800001',
    );
    expect(AddBackchannelLogoutToClients.name).toBe('BackchannelLogoutClientColumns1764460800001');
    const custom = createBackchannelLogoutClientColumnsMigration('apps', {
      timestamp: 1790000000000,
    });
    expect(new custom().name).toBe('BackchannelLogoutClientColumns1790000000000');
    expect(() => createBackchannelLogoutClientColumnsMigration('apps', { timestamp: 17 })).toThrow(
      /13 digits/,
    );
  });
});

describe.each(databaseCases())('migrations on %s', (_db, database) => {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-migrations-'));
  let options: TestDatabaseOptions;

  beforeAll(async () => {
    options = shareable(await database.create(), dir);
  });

  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds the client columns to a table with rows, creates the library tables, matches the entities, and goes back down', async () => {
    // 1. The host as it was: its client table with rows, before back-channel logout existed.
    const before = new DataSource({ ...options, migrations: [FixtureHostClients1700000000000] });
    await before.initialize();
    await before.runMigrations();
    await before.query(
      `INSERT INTO oauth_client (client_id, name) VALUES ('old-1', 'Old one'), ('old-2', 'Old two'), ('old-3', 'Old three')`,
    );
    await before.destroy();

    // 2. Upgrade: the library's migrations run against the existing table.
    const ds = new DataSource({
      ...options,
      entities: FIXTURE_ENTITIES,
      migrations: FIXTURE_MIGRATIONS,
    });
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      expect(ran.map((m) => m.name).sort()).toEqual(
        [
          'BackchannelLogoutClientColumns1764460800001',
          'BackchannelLogoutTables1764460800000',
          'BackchannelLogoutSessionActivity1764547200000',
        ].sort(),
      );
      const clients = ds.getRepository(FixtureClient);
      expect(await clients.find({ order: { clientId: 'ASC' } })).toEqual([
        expect.objectContaining({
          clientId: 'old-1',
          name: 'Old one',
          enabled: true,
          backchannelLogoutUri: null,
          backchannelLogoutSessionRequired: false,
        }),
        expect.objectContaining({
          clientId: 'old-2',
          backchannelLogoutUri: null,
          backchannelLogoutSessionRequired: false,
        }),
        expect.objectContaining({
          clientId: 'old-3',
          backchannelLogoutUri: null,
          backchannelLogoutSessionRequired: false,
        }),
      ]);
      const long = `https://rp.example.com/${'a'.repeat(2000)}`;
      await clients.update(
        { clientId: 'old-2' },
        { backchannelLogoutUri: long, backchannelLogoutSessionRequired: true },
      );
      expect(await clients.findOneByOrFail({ clientId: 'old-2' })).toMatchObject({
        backchannelLogoutUri: long,
        backchannelLogoutSessionRequired: true,
      });

      // The migrated schema is exactly what the entities describe: nothing left for `synchronize` to do.
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);

      // 3. Down: the session-lifetime table, the two client columns, then the library tables go; the host rows stay.
      await ds.undoLastMigration({ transaction: 'each' });
      await ds.undoLastMigration({ transaction: 'each' });
      await ds.undoLastMigration({ transaction: 'each' });
      expect(await columnsOf(ds, 'bcl_session')).toBeNull();
      expect(await columnsOf(ds, 'bcl_delivery')).toBeNull();
      expect(await columnsOf(ds, 'bcl_session_participant')).toBeNull();
      expect(await columnsOf(ds, 'oauth_client')).toEqual(['client_id', 'enabled', 'id', 'name']);
      const rows: Array<{ client_id: string }> = await ds.query(
        'SELECT client_id FROM oauth_client ORDER BY client_id',
      );
      expect(rows.map((r) => r.client_id)).toEqual(['old-1', 'old-2', 'old-3']);

      // 4. And up again.
      await ds.runMigrations({ transaction: 'each' });
      expect(await columnsOf(ds, 'oauth_client')).toEqual(
        [
          'backchannel_logout_session_required',
          'backchannel_logout_uri',
          'client_id',
          'enabled',
          'id',
          'name',
        ].sort(),
      );
    } finally {
      await ds.destroy();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { LogoutService } from '../../apps/provider/src/sessions/logout.service';
import { createProviderApp } from '../../apps/provider/src/provider-app.factory';
import { ProviderDatabaseConfig } from '../../apps/provider/src/config/provider-config';
import { databaseCases, TestDatabaseOptions } from '../support/databases';
import { json } from './support/json';
import { CookieAgent } from './support/cookie-agent';
import { authorizeCode } from './support/code-flow';
import { freePort } from '../support/services';
import { planReceiver, startReceiver } from './support/receiver-harness';
import { loginAtReceiver } from './support/rp-login';
import { providerTestConfig, startProvider } from './support/provider-harness';

const rp = {
  client_id: 'rp-boot',
  client_secret: 'rp-boot-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/callback'],
};

describe.each(databaseCases())('sample provider boots on %s through migrations', (name, db) => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'bcl-op-'));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await db.drop();
  });

  async function database(): Promise<ProviderDatabaseConfig> {
    // A file, not :memory:, so a second boot sees what the first one created.
    if (name === 'sqlite') return { type: 'better-sqlite3', database: path.join(tmp, 'op.sqlite') };
    const options = (await db.create()) as Extract<TestDatabaseOptions, { type: 'postgres' }>;
    return { type: 'postgres', url: options.url };
  }

  it('creates the schema, signs in a user, and keeps its signing key across restarts', async () => {
    const dbConfig = await database();
    const first = await startProvider({ database: dbConfig, clients: [rp] });
    let kid: string;
    try {
      kid = (await json(await fetch(`${first.issuer}/jwks`))).keys[0].kid;
      const { callback } = await authorizeCode(new CookieAgent(), first.issuer, rp);
      expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    } finally {
      await first.close();
    }

    const second = await startProvider({ database: dbConfig, clients: [rp] });
    try {
      const again = (await json(await fetch(`${second.issuer}/jwks`))).keys[0].kid;
      expect(again).toBe(kid);
    } finally {
      await second.close();
    }

    const ds = new DataSource(
      dbConfig.type === 'postgres'
        ? { type: 'postgres', url: dbConfig.url }
        : { type: 'better-sqlite3', database: dbConfig.database },
    );
    await ds.initialize();
    try {
      const rows: Array<{ name: string }> = await ds.query('SELECT name FROM migrations');
      expect(rows.map((r) => r.name)).toContain('CreateProviderTables1700000000000');
      const clients: unknown[] = await ds.query(`SELECT client_id FROM oidc_client`);
      expect(clients).toHaveLength(1);
    } finally {
      await ds.destroy();
    }
  });
});

describe.each(databaseCases())('sample receiver keeps its session index on %s', (name, db) => {
  afterAll(() => db.drop());

  it('migrates, links the session at login and ends it on a back-channel logout', async () => {
    const plan = planReceiver(await freePort(), 'rp-db');
    const op = await startProvider({ clients: [plan.client] });
    const options = await db.create();
    const database: ProviderDatabaseConfig =
      options.type === 'postgres' ? options : { type: 'better-sqlite3', database: ':memory:' };
    const rp = await startReceiver(plan, op.issuer, database);
    try {
      const agent = new CookieAgent();
      const { sid } = await loginAtReceiver(agent, rp.url);
      const ds = rp.app.get(DataSource);
      const links: unknown[] = await ds.query('SELECT session_id FROM bcl_receiver_session_link');
      expect(links).toHaveLength(1);
      const ended = await op.app.get(LogoutService).endSession(sid, { reason: 'test' });
      await op.app.get(LogoutService).waitForDeliveries(ended, 5000);
      expect((await agent.get(`${rp.url}/me`)).status).toBe(401);
    } finally {
      await rp.close();
      await op.close();
    }
  });
});

describe('CLIENTS_FILE validation at start', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a fragment in the back-channel URI',
      { ...rp, backchannel_logout_uri: 'http://127.0.0.1:9/bcl#frag' },
      'client "rp-boot": backchannel_logout_uri',
    ],
    [
      'a relative back-channel URI',
      { ...rp, backchannel_logout_uri: '/relative' },
      'client "rp-boot": backchannel_logout_uri',
    ],
    [
      'an ftp back-channel URI',
      { ...rp, backchannel_logout_uri: 'ftp://rp.example/bcl' },
      'client "rp-boot": backchannel_logout_uri',
    ],
    [
      'a non-boolean session_required',
      { ...rp, backchannel_logout_session_required: 'yes' },
      'client "rp-boot": backchannel_logout_session_required',
    ],
    ['no redirect URI', { ...rp, redirect_uris: [] }, 'client "rp-boot": redirect_uris'],
    ['a short secret', { ...rp, client_secret: 'short' }, 'client "rp-boot": client_secret'],
    [
      'a client_id with a space',
      { ...rp, client_id: 'has space' },
      'client "has space": client_id',
    ],
  ])(
    'refuses to start with %s, naming the client and the field',
    async (_label, entry, expected) => {
      const config = providerTestConfig(0, { clients: [entry] });
      await expect(createProviderApp(config, { logger: false })).rejects.toThrow(expected);
    },
  );

  it('saves nothing when one entry of several is invalid', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bcl-op-')), 'op.sqlite');
    const database = { type: 'better-sqlite3' as const, database: file };
    const bad = { ...rp, client_id: 'rp-bad', redirect_uris: ['notaurl'] };
    await expect(
      createProviderApp(providerTestConfig(0, { database, clients: [rp, bad] }), { logger: false }),
    ).rejects.toThrow('client "rp-bad": redirect_uris');
    const ds = new DataSource({ type: 'better-sqlite3', database: file });
    await ds.initialize();
    try {
      await expect(ds.query('SELECT client_id FROM oidc_client')).resolves.toEqual([]);
    } finally {
      await ds.destroy();
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

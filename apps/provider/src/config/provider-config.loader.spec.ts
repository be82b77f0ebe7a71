import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadProviderConfig } from './provider-config.loader';

describe('loadProviderConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bcl-cfg-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has local defaults: port 3000, issuer on localhost, SQLite under data/, a generated admin password', () => {
    const config = loadProviderConfig({}, dir);
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      issuer: 'http://localhost:3000',
      database: { type: 'better-sqlite3', database: path.join(dir, 'data', 'provider.sqlite') },
      redis: { url: 'redis://127.0.0.1:6379' },
      allowInsecureBackchannel: false,
      secureCookies: false,
    });
    expect(config.admin.generatedPassword).toBe(true);
    expect(config.admin.password.length).toBeGreaterThanOrEqual(16);
  });

  it('reads every variable', () => {
    const clients = path.join(dir, 'clients.json');
    writeFileSync(clients, JSON.stringify([{ client_id: 'a' }]));
    const config = loadProviderConfig(
      {
        PORT: '4000',
        HOST: '0.0.0.0',
        ISSUER: 'https://op.example.com/',
        DATABASE_URL: 'postgres://u@db/op',
        REDIS_URL: 'redis://r:6380',
        ADMIN_USER: 'root',
        ADMIN_PASSWORD: 'pw',
        CLIENTS_FILE: 'clients.json',
        ALLOW_INSECURE_BACKCHANNEL: 'true',
      },
      dir,
    );
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      issuer: 'https://op.example.com',
      database: { type: 'postgres', url: 'postgres://u@db/op' },
      redis: { url: 'redis://r:6380' },
      admin: { user: 'root', password: 'pw', generatedPassword: false },
      clients: { source: clients, entries: [{ client_id: 'a' }] },
      allowInsecureBackchannel: true,
      secureCookies: true,
    });
  });

  it('explains a broken CLIENTS_FILE, a bad port and a bad switch in one line', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"client_id": "x"}');
    expect(() => loadProviderConfig({ CLIENTS_FILE: bad }, dir)).toThrow(
      /must contain a JSON array/,
    );
    writeFileSync(bad, '[1]');
    expect(() => loadProviderConfig({ CLIENTS_FILE: bad }, dir)).toThrow(
      /entry 0 is not a JSON object/,
    );
    expect(() => loadProviderConfig({ CLIENTS_FILE: path.join(dir, 'missing.json') }, dir)).toThrow(
      /could not be read/,
    );
    expect(() => loadProviderConfig({ PORT: 'x' }, dir)).toThrow(/PORT must be an integer/);
    expect(() => loadProviderConfig({ ALLOW_INSECURE_BACKCHANNEL: 'maybe' }, dir)).toThrow(
      /ALLOW_INSECURE_BACKCHANNEL must be true or false/,
    );
  });

  it('reads the rate limits (defaults when unset) and refuses a limit that is not a positive integer', () => {
    expect(loadProviderConfig({}, dir).rateLimits).toEqual({
      windowSeconds: 60,
      signIn: { perIp: 30, perAccount: 10 },
      token: { perIp: 600, perAccount: 300 },
    });
    const config = loadProviderConfig(
      {
        RATE_LIMIT_WINDOW_SECONDS: '30',
        SIGN_IN_LIMIT_PER_IP: '5',
        SIGN_IN_LIMIT_PER_ACCOUNT: '3',
        TOKEN_LIMIT_PER_IP: '50',
        TOKEN_LIMIT_PER_CLIENT: '40',
      },
      dir,
    );
    expect(config.rateLimits).toEqual({
      windowSeconds: 30,
      signIn: { perIp: 5, perAccount: 3 },
      token: { perIp: 50, perAccount: 40 },
    });
    expect(() => loadProviderConfig({ SIGN_IN_LIMIT_PER_ACCOUNT: '0' }, dir)).toThrow(
      'SIGN_IN_LIMIT_PER_ACCOUNT must be a positive integer, got "0"',
    );
  });
});

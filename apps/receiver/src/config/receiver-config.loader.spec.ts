import * as path from 'node:path';
import { loadReceiverConfig } from './receiver-config.loader';

describe('loadReceiverConfig', () => {
  const base = { CLIENT_ID: 'receiver-a', CLIENT_SECRET: 'receiver-a-secret' };

  it('has local defaults', () => {
    expect(loadReceiverConfig(base, '/srv')).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      baseUrl: 'http://localhost:3001',
      issuerBaseUrl: 'http://localhost:3000',
      backchannelPath: '/backchannel-logout',
      redis: { url: 'redis://127.0.0.1:6379' },
      database: {
        type: 'better-sqlite3',
        database: path.join('/srv', 'data', 'receiver-3001.sqlite'),
      },
      sessionCookieName: 'rp_receiver-a',
      secureCookies: false,
    });
  });

  it('reads every variable', () => {
    const config = loadReceiverConfig({
      ...base,
      PORT: '3002',
      HOST: '0.0.0.0',
      BASE_URL: 'https://rp.example.com/',
      ISSUER_BASE_URL: 'https://op.example.com',
      BCL_PATH: '/oidc/bcl',
      REDIS_URL: 'redis://r:1',
      DATABASE_URL: 'postgres://db/rp',
    });
    expect(config).toMatchObject({
      port: 3002,
      host: '0.0.0.0',
      baseUrl: 'https://rp.example.com',
      issuerBaseUrl: 'https://op.example.com',
      backchannelPath: '/oidc/bcl',
      redis: { url: 'redis://r:1' },
      database: { type: 'postgres', url: 'postgres://db/rp' },
      secureCookies: true,
    });
  });

  it('says what is missing or wrong', () => {
    expect(() => loadReceiverConfig({ CLIENT_SECRET: 'x' })).toThrow('CLIENT_ID is required');
    expect(() => loadReceiverConfig({ CLIENT_ID: 'x' })).toThrow('CLIENT_SECRET is required');
    expect(() => loadReceiverConfig({ ...base, BCL_PATH: 'bcl' })).toThrow(/BCL_PATH must start/);
    expect(() => loadReceiverConfig({ ...base, ISSUER_BASE_URL: 'nope' })).toThrow(
      /ISSUER_BASE_URL must be an absolute URL/,
    );
  });
});

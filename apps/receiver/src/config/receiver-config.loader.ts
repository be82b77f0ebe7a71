import * as path from 'node:path';
import { ConfigError, parseDatabaseUrl, parsePort } from '../../../shared/config.util';
import { ReceiverConfig } from './receiver-config';

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is required`);
  return value;
}

function absoluteUrl(name: string, value: string): string {
  try {
    return new URL(value).toString().replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${value}"`);
  }
}

/** The receiver's environment, read in one place (main.ts). */
export function loadReceiverConfig(env: Env = process.env, cwd = process.cwd()): ReceiverConfig {
  const port = parsePort(env.PORT, 3001);
  const clientId = required(env, 'CLIENT_ID');
  const baseUrl = absoluteUrl('BASE_URL', env.BASE_URL || `http://localhost:${port}`);
  const bclPath = env.BCL_PATH || '/backchannel-logout';
  if (!bclPath.startsWith('/')) {
    throw new ConfigError(`BCL_PATH must start with "/", got "${bclPath}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    baseUrl,
    issuerBaseUrl: absoluteUrl('ISSUER_BASE_URL', env.ISSUER_BASE_URL || 'http://localhost:3000'),
    clientId,
    clientSecret: required(env, 'CLIENT_SECRET'),
    backchannelPath: bclPath,
    redis: { url: env.REDIS_URL || 'redis://127.0.0.1:6379', prefix: `bcl-rp:${clientId}` },
    database: parseDatabaseUrl(env.DATABASE_URL, path.join(cwd, 'data', `receiver-${port}.sqlite`)),
    sessionCookieName: `rp_${clientId.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    secureCookies: baseUrl.startsWith('https:'),
    pollIntervalMs: 500,
  };
}

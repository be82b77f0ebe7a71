import * as path from 'node:path';
import { ReceiverConfig, ReceiverDatabaseConfig } from './receiver-config';

type Env = Record<string, string | undefined>;

export class ReceiverConfigError extends Error {
  override readonly name = 'ReceiverConfigError';
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new ReceiverConfigError(`${name} is required`);
  return value;
}

function absoluteUrl(name: string, value: string): string {
  try {
    return new URL(value).toString().replace(/\/+$/, '');
  } catch {
    throw new ReceiverConfigError(`${name} must be an absolute URL, got "${value}"`);
  }
}

function database(url: string | undefined, fallback: string): ReceiverDatabaseConfig {
  if (!url) return { type: 'better-sqlite3', database: fallback };
  if (/^postgres(ql)?:\/\//.test(url)) return { type: 'postgres', url };
  return { type: 'better-sqlite3', database: url.replace(/^(sqlite|file):(\/\/)?/, '') };
}

/** The receiver's environment, read in one place (main.ts). */
export function loadReceiverConfig(env: Env = process.env, cwd = process.cwd()): ReceiverConfig {
  const port = env.PORT ? Number(env.PORT) : 3001;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ReceiverConfigError(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const clientId = required(env, 'CLIENT_ID');
  const baseUrl = absoluteUrl('BASE_URL', env.BASE_URL || `http://localhost:${port}`);
  const bclPath = env.BCL_PATH || '/backchannel-logout';
  if (!bclPath.startsWith('/')) {
    throw new ReceiverConfigError(`BCL_PATH must start with "/", got "${bclPath}"`);
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
    database: database(env.DATABASE_URL, path.join(cwd, 'data', `receiver-${port}.sqlite`)),
    sessionCookieName: `rp_${clientId.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    secureCookies: baseUrl.startsWith('https:'),
    pollIntervalMs: 500,
  };
}

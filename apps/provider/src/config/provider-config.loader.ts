import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseDatabaseUrl, parsePort } from '../../../shared/config.util';
import {
  ClientRegistrationInput,
  DEFAULT_TOKEN_TTL_SECONDS,
  DEMO_USERS,
  ProviderConfig,
} from './provider-config';

type Env = Record<string, string | undefined>;

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/** Reads CLIENTS_FILE: a JSON array of objects. Field rules are checked later, by the same validator as the admin UI. */
function readClientsFile(file: string): ClientRegistrationInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `CLIENTS_FILE ${file} could not be read as JSON: ${(err as Error).message}`,
    );
  }
  if (!Array.isArray(parsed)) {
    throw new ConfigError(`CLIENTS_FILE ${file} must contain a JSON array of clients`);
  }
  parsed.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new ConfigError(`CLIENTS_FILE ${file}: entry ${i} is not a JSON object`);
    }
  });
  return parsed as ClientRegistrationInput[];
}

/** The provider's environment, read in one place (main.ts); tests build a ProviderConfig directly. */
export function loadProviderConfig(env: Env = process.env, cwd = process.cwd()): ProviderConfig {
  const port = parsePort(env.PORT, 3000);
  const issuer = (env.ISSUER || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(issuer);
  } catch {
    throw new ConfigError(`ISSUER must be an absolute URL, got "${issuer}"`);
  }
  const clientsFile = env.CLIENTS_FILE ? path.resolve(cwd, env.CLIENTS_FILE) : '';
  return {
    port,
    host: env.HOST || '127.0.0.1',
    issuer,
    database: parseDatabaseUrl(env.DATABASE_URL, path.join(cwd, 'data', 'provider.sqlite')),
    redis: { url: env.REDIS_URL || 'redis://127.0.0.1:6379', prefix: 'bcl-provider' },
    admin: {
      user: env.ADMIN_USER || 'admin',
      password: env.ADMIN_PASSWORD || randomBytes(12).toString('base64url'),
      generatedPassword: !env.ADMIN_PASSWORD,
    },
    clients: { source: clientsFile, entries: clientsFile ? readClientsFile(clientsFile) : [] },
    allowInsecureBackchannel: parseBoolean(
      'ALLOW_INSECURE_BACKCHANNEL',
      env.ALLOW_INSECURE_BACKCHANNEL,
    ),
    demoUsers: DEMO_USERS,
    logoutWaitMs: 3000,
    tokenTtlSeconds: DEFAULT_TOKEN_TTL_SECONDS,
    secureCookies: issuer.startsWith('https:'),
    registrationAccessToken: env.REGISTRATION_ACCESS_TOKEN || undefined,
  };
}

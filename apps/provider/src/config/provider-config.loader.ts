import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseDatabaseUrl, parsePort } from '../../../shared/config.util';
import {
  ClientRegistrationInput,
  DEFAULT_RATE_LIMITS,
  DEFAULT_SESSION_LIFETIME,
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

function parseLimit(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`${name} must be a positive integer, got "${value}"`);
  }
  return n;
}

function parseRateLimits(env: Env): ProviderConfig['rateLimits'] {
  const d = DEFAULT_RATE_LIMITS;
  return {
    windowSeconds: parseLimit(env, 'RATE_LIMIT_WINDOW_SECONDS', d.windowSeconds),
    signIn: {
      perIp: parseLimit(env, 'SIGN_IN_LIMIT_PER_IP', d.signIn.perIp),
      perAccount: parseLimit(env, 'SIGN_IN_LIMIT_PER_ACCOUNT', d.signIn.perAccount),
    },
    token: {
      perIp: parseLimit(env, 'TOKEN_LIMIT_PER_IP', d.token.perIp),
      perAccount: parseLimit(env, 'TOKEN_LIMIT_PER_CLIENT', d.token.perAccount),
    },
  };
}

/** A lifetime in whole seconds; unset keeps `fallback`, `0` turns the limit off. */
function parseSeconds(
  name: string,
  value: string | undefined,
  fallback: number | null,
): number | null {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) {
    throw new ConfigError(
      `${name} must be a whole number of seconds (0 = no limit), got "${value}"`,
    );
  }
  const seconds = Number(value);
  return seconds === 0 ? null : seconds;
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
    rateLimits: parseRateLimits(env),
    sessionLifetime: {
      ...DEFAULT_SESSION_LIFETIME,
      idleSeconds: parseSeconds(
        'SESSION_IDLE_TIMEOUT_SECONDS',
        env.SESSION_IDLE_TIMEOUT_SECONDS,
        DEFAULT_SESSION_LIFETIME.idleSeconds,
      ),
      absoluteSeconds: parseSeconds(
        'SESSION_MAX_LIFETIME_SECONDS',
        env.SESSION_MAX_LIFETIME_SECONDS,
        DEFAULT_SESSION_LIFETIME.absoluteSeconds,
      ),
    },
  };
}

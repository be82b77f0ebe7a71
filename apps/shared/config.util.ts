import { DatabaseConfig } from './database.options';

/** An environment problem the operator must fix; main.ts prints the message as one line and exits. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** PORT: an integer from 0 to 65535; unset or empty gives `fallback`. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${value}"`);
  }
  return port;
}

/** DATABASE_URL: `postgres(ql)://...`, or a SQLite file (`sqlite:`/`file:` prefix optional); unset gives `fallbackFile`. */
export function parseDatabaseUrl(url: string | undefined, fallbackFile: string): DatabaseConfig {
  if (!url) return { type: 'better-sqlite3', database: fallbackFile };
  if (/^postgres(ql)?:\/\//.test(url)) return { type: 'postgres', url };
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
  if (!file) throw new ConfigError(`DATABASE_URL "${url}" names no SQLite file`);
  return { type: 'better-sqlite3', database: file };
}

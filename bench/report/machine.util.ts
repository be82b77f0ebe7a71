import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { postgresVersion } from '../support/bench-database.util';

const root = join(__dirname, '..', '..');

/** What the report says about the machine and the software under test. */
export interface MachineDescription {
  readonly rows: ReadonlyArray<readonly [string, string]>;
}

function packageVersion(name: string): string {
  try {
    const file = join(root, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty} (kernel ${os.release()})`;
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()}`;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function commit(): string {
  const sha = git(['rev-parse', 'HEAD']);
  if (!sha) return 'unknown (not a git checkout)';
  const dirty = git(['status', '--porcelain', '--untracked-files=no'])
    .split('\n')
    .filter((line) => line && !line.endsWith('BENCHMARKS.md'));
  return `${sha.slice(0, 12)}${dirty.length ? ' (with uncommitted changes)' : ''}`;
}

async function redisVersion(url: string): Promise<string> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info('server');
    return /^redis_version:(.*)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

export async function describeMachine(
  redisUrl: string,
  databaseUrl: string | undefined,
): Promise<MachineDescription> {
  const cpus = os.cpus();
  const sqlite = await new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
  }).initialize();
  const [{ v: sqliteVersion }] = await sqlite.query<[{ v: string }]>(
    'select sqlite_version() as v',
  );
  await sqlite.destroy();
  const pg =
    databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)
      ? await postgresVersion(databaseUrl).catch((err: Error) => `unreachable (${err.message})`)
      : 'not used (DATABASE_URL unset)';
  const versions = [
    'typeorm',
    'bull',
    '@nestjs/core',
    'jose',
    'oidc-provider',
    'express-openid-connect',
    'autocannon',
  ].map((name) => `${name} ${packageVersion(name)}`);
  return {
    rows: [
      ['CPU', `${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores`],
      ['RAM', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
      ['OS', osName()],
      ['Node.js', process.version],
      ['Redis', await redisVersion(redisUrl).catch((err: Error) => `unknown (${err.message})`)],
      ['SQLite', `${sqliteVersion} (better-sqlite3 ${packageVersion('better-sqlite3')}, WAL)`],
      ['PostgreSQL', pg],
      ['Packages', versions.join(', ')],
      ['Date', new Date().toISOString()],
      ['Git commit', commit()],
    ],
  };
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { testRedisUrl } from '../support/redis';

const root = path.resolve(__dirname, '../..');

/** Runs an app's real main.ts (environment → config → app) in a child process until it exits. */
function runMain(app: 'provider' | 'receiver', env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', path.join(root, 'scripts/ts-register.js'), path.join(root, `apps/${app}/src/main.ts`)],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** Starts the provider's main.ts, reads stdout until `done(stdout)` holds, then stops it. */
function readProviderStdout(env: Record<string, string>, done: (stdout: string) => boolean) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        path.join(root, 'scripts/ts-register.js'),
        path.join(root, 'apps/provider/src/main.ts'),
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (done(stdout)) child.kill('SIGTERM');
    });
    child.on('exit', () =>
      done(stdout) ? resolve(stdout) : reject(new Error(`provider exited early: ${stderr}`)),
    );
  });
}

describe('the apps stop at start with one clear line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bcl-main-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('provider: an invalid CLIENTS_FILE entry names the client and the field, exit code 1', async () => {
    const clients = path.join(dir, 'clients.json');
    writeFileSync(
      clients,
      JSON.stringify([
        {
          client_id: 'rp-ok',
          client_secret: 'rp-ok-secret-0123456789',
          redirect_uris: ['http://localhost:9/cb'],
        },
        {
          client_id: 'rp-broken',
          client_secret: 'rp-broken-secret-0123456789',
          redirect_uris: ['http://localhost:9/cb'],
          backchannel_logout_uri: 'https://rp.example.com/logout#section',
        },
      ]),
    );
    const { code, stderr } = await runMain('provider', {
      PORT: '0',
      DATABASE_URL: `sqlite:${path.join(dir, 'op.sqlite')}`,
      REDIS_URL: testRedisUrl(),
      ADMIN_PASSWORD: 'x',
      CLIENTS_FILE: clients,
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `provider: CLIENTS_FILE ${clients}: client "rp-broken": backchannel_logout_uri must not contain a fragment (#...)`,
    ]);
  });

  it('receiver: a missing CLIENT_ID is named, exit code 1', async () => {
    const { code, stderr } = await runMain('receiver', { CLIENT_SECRET: 'x' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('receiver: CLIENT_ID is required');
  });

  it('provider: a generated admin password is printed once to the terminal, never in the JSON log stream', async () => {
    const stdout = await readProviderStdout(
      {
        PORT: '0',
        DATABASE_URL: `sqlite:${path.join(dir, 'op-password.sqlite')}`,
        REDIS_URL: testRedisUrl(),
        LOG_FORMAT: 'json',
      },
      (out) => /admin password for this run: \S+\n/.test(out) && out.includes('listening on'),
    );
    const password = /admin password for this run: (\S+)\n/.exec(stdout)![1];
    const lines = stdout.split('\n').filter((l) => l.includes(password));
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0]) as unknown).toThrow();
    const jsonLines = stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(0);
    for (const line of jsonLines) expect(line).not.toContain(password);
  });
});

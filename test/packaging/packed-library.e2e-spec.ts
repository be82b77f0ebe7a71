import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build, pack } = require('../../scripts/build-lib.js') as {
  build(): string;
  pack(destination: string): string;
};

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** What a receiver-only RP installs: Nest, and the library's own dependencies. No TypeORM, no Bull. */
const RECEIVER_DEPENDENCIES = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  'reflect-metadata',
  'rxjs',
  'jose',
  'ipaddr.js',
];
const OPTIONAL_PEERS_A_RECEIVER_SKIPS = ['@nestjs/typeorm', 'typeorm', 'bull', '@nestjs/bull'];
/** What an OP host installs on top. */
const PROVIDER_DEPENDENCIES = [
  ...RECEIVER_DEPENDENCIES,
  ...OPTIONAL_PEERS_A_RECEIVER_SKIPS,
  'better-sqlite3',
  'class-validator',
  'class-transformer',
];

/**
 * The library as a user gets it: built to dist, `npm pack`ed, and unpacked into the node_modules of a project in
 * a temporary folder outside the repository, whose other packages are linked from this repository's
 * node_modules (what `npm install` would put there, without the network). Each fixture app is compiled there
 * with `tsc` against the packed declarations and its `exports` map, then run with plain `node`.
 */
describe('the packed library in a fresh project', () => {
  let work: string;
  let tarball: string;
  const bullPrefix = uniquePrefix('packaging');

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'bcl-packaging-'));
    build();
    tarball = pack(work);
    expect(tarball.startsWith(work)).toBe(true);
  }, 120_000);

  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await deleteKeysWithPrefix(bullPrefix);
  });

  async function createProject(name: string, dependencies: string[]): Promise<string> {
    const project = join(work, name);
    for (const dependency of [...dependencies, '@types']) {
      const link = join(project, 'node_modules', dependency);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dependency), link, 'dir');
    }
    const installed = join(project, 'node_modules/nestjs-backchannel-logout');
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name,
        private: true,
        dependencies: { 'nestjs-backchannel-logout': tarball },
      }),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'ES2022',
          strict: true,
          strictPropertyInitialization: false,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: true,
          types: ['node'],
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    return project;
  }

  async function buildAndRun(project: string, fixture: string, env: NodeJS.ProcessEnv = {}) {
    mkdirSync(join(project, 'src'));
    copyFileSync(join(__dirname, 'fixtures', fixture), join(project, 'src/main.ts'));
    await run(process.execPath, [TSC, '-p', project], { cwd: project, timeout: 90_000 });
    const { stdout } = await run(process.execPath, ['dist/main.js'], {
      cwd: project,
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
  }

  it('a receiver-only app builds and runs without @nestjs/typeorm, typeorm, bull or @nestjs/bull', async () => {
    const project = await createProject('receiver-only', RECEIVER_DEPENDENCIES);
    for (const peer of OPTIONAL_PEERS_A_RECEIVER_SKIPS) {
      expect(() => require.resolve(peer, { paths: [project] })).toThrow(
        /Cannot (find|resolve) module/,
      );
    }
    // The root entry holds the provider half too, so in this project it cannot load: the absence is real.
    await expect(
      run(process.execPath, ['-e', "require('nestjs-backchannel-logout')"], { cwd: project }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/Cannot find module '(@nestjs\/)?(typeorm|bull)'/),
    });

    const result = await buildAndRun(project, 'receiver-only.main.ts');

    expect(result).toEqual({
      valid: 200,
      garbage: 400,
      garbageBody: { error: 'invalid_request', error_description: expect.any(String) },
      loaded: [],
    });
  }, 120_000);

  it('a fresh Nest app with the packed library boots with the provider module', async () => {
    const project = await createProject('provider-host', PROVIDER_DEPENDENCIES);

    const result = await buildAndRun(project, 'provider-host.main.ts', {
      REDIS_URL: testRedisUrl(),
      BULL_PREFIX: bullPrefix,
    });

    expect(result.discovery).toEqual({
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
    expect(result.result).toMatchObject({ deliveries: [] });
  }, 120_000);
});

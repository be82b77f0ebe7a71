#!/usr/bin/env node
'use strict';
/**
 * `npm test`: everything a fresh clone needs, then Jest.
 *   1. dependencies (npm ci from the lockfile when missing),
 *   2. Chromium for the browser tests (test/browser): Debian's /usr/bin/chromium, installed with apt-get
 *      when running as root, otherwise one line saying how to install it,
 *   3. Redis at REDIS_URL, or a private redis-server (done by Jest's globalSetup),
 *   4. Jest over libs/, apps/ and test/ (extra arguments are passed through: `npm test -- provider`).
 *   5. then, on a full run (no arguments), the heavy fault scenarios of test/reliability one file at a time
 *      (jest.reliability.config.js: worker SIGKILL, Redis restarts, scale-out, fuzz — they measure throughput
 *      and memory, so they do not share the machine with the parallel suite). `npm run test:reliability`
 *      (`--reliability`) runs only those.
 * PostgreSQL suites run too when DATABASE_URL points at a PostgreSQL server (.ci/run sets it).
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { root, run, ensureDependencies } = require('./bootstrap');

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    process.stdout.write('[setup] installing chromium for the browser tests (apt-get)...\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'inherit',
        env,
      }).status === 0;
    if (!install()) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      install();
    }
  }
  if (!fs.existsSync(CHROMIUM)) {
    process.stderr.write(
      `The browser tests need Chromium at ${CHROMIUM}: install it with "sudo apt-get install -y --no-install-recommends chromium" (Debian/Ubuntu) and run npm test again.\n`,
    );
    process.exit(1);
  }
}

const JEST = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const RELIABILITY = ['--config', path.join(root, 'jest.reliability.config.js')];
const args = process.argv.slice(2);

ensureDependencies();
if (args[0] === '--reliability') {
  run(process.execPath, [JEST, ...RELIABILITY, ...args.slice(1)]);
} else {
  // Positional arguments are Jest path patterns; with none, every suite runs, the browser ones included.
  // Only a run limited to patterns that cannot match test/browser skips the Chromium check.
  const patterns = args.filter((a) => !a.startsWith('-'));
  const outsideBrowserTests = (p) => /^(libs|apps|test\/(?!browser)\w)/.test(p);
  if (patterns.length === 0 || !patterns.every(outsideBrowserTests)) ensureChromium();
  run(process.execPath, [JEST, ...args]);
  if (args.length === 0) run(process.execPath, [JEST, ...RELIABILITY]);
}

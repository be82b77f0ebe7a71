'use strict';
/**
 * Shared first step of `npm test` and `npm run demo` on a fresh clone: install dependencies when
 * node_modules is missing or older than package-lock.json. Uses `npm ci` (exact lockfile).
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function needsInstall() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!fs.existsSync(marker)) return true;
  return fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    process.stderr.write(`\n${cmd} ${args.join(' ')} failed (exit ${res.status})\n`);
    process.exit(res.status ?? 1);
  }
}

function ensureDependencies() {
  if (needsInstall()) {
    process.stdout.write('[setup] installing dependencies (npm ci)...\n');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

module.exports = { root, run, ensureDependencies };

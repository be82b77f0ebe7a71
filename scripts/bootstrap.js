'use strict';
/**
 * Shared first step of `npm test`, `npm run demo` and `npm run bench` on a fresh clone: install dependencies
 * when node_modules is missing or older than package-lock.json.
 *
 * Why `npm install` and not `npm ci`: the registry this project is built against serves only the platform
 * packages of this machine (linux-x64) for @swc/core, msgpackr-extract and friends, so the lockfile cannot
 * list the other platforms' optional packages, and `npm ci` refuses such a lockfile ("Missing: ... from lock
 * file"). With every version pinned in package.json and package-lock.json in sync, `npm install` installs
 * exactly the locked tree and leaves the lockfile untouched.
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
    process.stdout.write(
      '[setup] installing dependencies (npm install, from package-lock.json)...\n',
    );
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

module.exports = { root, run, ensureDependencies };

'use strict';
/**
 * Shared first step of `npm test`, `npm run demo` and `npm run bench` on a fresh clone: install dependencies
 * with `npm ci` when node_modules is missing or was installed from another package-lock.json.
 *
 * `npm ci` installs exactly the committed lockfile and never writes it, so a demo or test run leaves
 * `git status` clean. The lockfile lists every platform's optional packages (@swc/core, msgpackr-extract,
 * @unrs/resolver-binding): after changing dependencies, run `npm install` and then
 * `npm install --package-lock-only --force`, which adds the other platforms' entries npm skips by default.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

// The hash of the package-lock.json the current node_modules was installed from. Content, not file dates: a
// git checkout (or a worktree sharing node_modules) makes the lockfile look newer without changing it.
const INSTALLED_LOCK = path.join(root, 'node_modules', '.bcl-installed-lock.sha256');

function lockHash() {
  const lock = fs.readFileSync(path.join(root, 'package-lock.json'));
  return crypto.createHash('sha256').update(lock).digest('hex');
}

function needsInstall() {
  if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) return true;
  return !fs.existsSync(INSTALLED_LOCK) || fs.readFileSync(INSTALLED_LOCK, 'utf8') !== lockHash();
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
    process.stdout.write('[setup] installing dependencies (npm ci, from package-lock.json)...\n');
    run('npm', ['ci', '--no-audit', '--no-fund']);
    fs.writeFileSync(INSTALLED_LOCK, lockHash());
  }
}

module.exports = { root, run, ensureDependencies };

#!/usr/bin/env node
'use strict';
/**
 * Builds the publishable library: compiles libs/backchannel-logout/src (declarations, no specs) to
 * dist/libs/backchannel-logout and copies its package.json and README there, so that folder is the package
 * (`npm pack dist/libs/backchannel-logout`). `--pack <dir>` also packs it into <dir> and prints the tarball path.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const lib = path.join(root, 'libs/backchannel-logout');
const outDir = path.join(root, 'dist/libs/backchannel-logout');

function build() {
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  execFileSync(process.execPath, [tsc, '-p', path.join(lib, 'tsconfig.lib.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const file of ['package.json', 'README.md']) {
    fs.copyFileSync(path.join(lib, file), path.join(outDir, file));
  }
  return outDir;
}

function pack(destination) {
  fs.mkdirSync(destination, { recursive: true });
  const out = execFileSync(
    'npm',
    ['pack', outDir, '--pack-destination', destination, '--json', '--ignore-scripts'],
    { cwd: root, encoding: 'utf8' },
  );
  return path.join(destination, JSON.parse(out)[0].filename);
}

if (require.main === module) {
  build();
  const at = process.argv.indexOf('--pack');
  process.stdout.write(`${at > 0 ? pack(path.resolve(process.argv[at + 1] ?? '.')) : outDir}\n`);
}

module.exports = { build, pack, outDir };

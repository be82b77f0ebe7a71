'use strict';
/**
 * Run TypeScript files of this repo directly with Node (child processes in reliability tests, benchmarks):
 *   node -r ./scripts/ts-register.js some/file.ts
 * Compiles .ts on the fly with @swc/core (scripts/swc-options.js, as Jest does) and maps the package name
 * `nestjs-backchannel-logout` to the library source, exactly as tsconfig paths and Jest do.
 * ESM-only dependencies (jose, openid-client) load through Node 20.20's require(esm).
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = path.resolve(__dirname, '..');
const aliases = {
  'nestjs-backchannel-logout': path.join(root, 'libs', 'backchannel-logout', 'src', 'index.ts'),
  'nestjs-backchannel-logout/oidc-provider': path.join(
    root,
    'libs',
    'backchannel-logout',
    'src',
    'oidc-provider',
    'index.ts',
  ),
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithAlias(request, ...rest) {
  return originalResolve.call(this, aliases[request] ?? request, ...rest);
};

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};

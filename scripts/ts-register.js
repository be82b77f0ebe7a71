'use strict';
/**
 * Run TypeScript files of this repo directly with Node (child processes in reliability tests, benchmarks):
 *   node -r ./scripts/ts-register.js some/file.ts
 * Compiles .ts on the fly with @swc/core (scripts/swc-options.js, as Jest does) and maps the package name
 * `nestjs-backchannel-logout` and its subpaths to the library source, exactly as tsconfig paths and Jest do.
 * ESM-only dependencies (jose, openid-client) load through Node 20.20's require(esm).
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = path.resolve(__dirname, '..');
const PACKAGE = 'nestjs-backchannel-logout';
const librarySource = path.join(root, 'libs', 'backchannel-logout', 'src');

/** `nestjs-backchannel-logout` and its subpaths (`/receiver`, `/testing`, ...) → their `index.ts` in the source. */
function alias(request) {
  if (request === PACKAGE) return path.join(librarySource, 'index.ts');
  if (request.startsWith(`${PACKAGE}/`)) {
    return path.join(librarySource, request.slice(PACKAGE.length + 1), 'index.ts');
  }
  return request;
}

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithAlias(request, ...rest) {
  return originalResolve.call(this, alias(request), ...rest);
};

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};

/**
 * One Jest config for the whole monorepo.
 * - @swc/jest compiles TypeScript with scripts/swc-options.js (type-checking is `npm run typecheck`, run by
 *   .ci/run before the tests).
 * - jose, openid-client, oauth4webapi and oidc-provider are ESM-only: Jest 30 on Node 20 cannot require(esm), so they
 *   are compiled to CommonJS like our own sources.
 * - globalSetup reaches Redis at REDIS_URL or starts a private redis-server (see test/support/global-setup.js).
 */
const swcOptions = require('./scripts/swc-options');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/libs/', '<rootDir>/apps/', '<rootDir>/test/'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi|oidc-provider)/)'],
  moduleNameMapper: {
    '^nestjs-backchannel-logout$': '<rootDir>/libs/backchannel-logout/src',
    '^nestjs-backchannel-logout/(.*)$': '<rootDir>/libs/backchannel-logout/src/$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};

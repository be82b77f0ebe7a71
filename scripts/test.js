#!/usr/bin/env node
'use strict';
/**
 * `npm test`: everything a fresh clone needs, then Jest.
 *   1. dependencies (npm ci when missing),
 *   2. Redis at REDIS_URL, or a private redis-server (done by Jest's globalSetup),
 *   3. Jest over libs/, apps/ and test/ (extra arguments are passed through: `npm test -- provider`).
 * PostgreSQL suites run too when DATABASE_URL points at a PostgreSQL server (.ci/run sets it).
 */
const { root, run, ensureDependencies } = require('./bootstrap');
const path = require('node:path');

ensureDependencies();
run(process.execPath, [
  path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
  ...process.argv.slice(2),
]);

/**
 * The heavy fault scenarios of test/reliability (`*.reliability-spec.ts`): worker processes killed with
 * SIGKILL, Redis restarted mid fan-out, 3 workers on 10 000 deliveries, 100 000 fuzzed requests. They
 * measure throughput and memory, so they run one file at a time, after the parallel suite: `npm test` runs
 * them last on a full run; `npm run test:reliability` runs only them.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability/'],
  testRegex: '.*\\.reliability-spec\\.ts$',
  testTimeout: 600000,
  maxWorkers: 1,
};

/**
 * `npm run test:reliability`: the heavy fault scenarios of test/reliability (`*.reliability-spec.ts`) —
 * worker processes killed with SIGKILL, Redis restarted mid fan-out, 3 workers on 10 000 deliveries,
 * 100 000 fuzzed requests. They take minutes and measure throughput and memory, so they run one file at a
 * time (nothing else competing for the 2 cores) and outside `npm test`. `.ci/run` runs both commands.
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

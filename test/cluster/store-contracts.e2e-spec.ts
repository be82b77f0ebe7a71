/**
 * The receiver's store contracts (test/receiver/store-contracts.e2e-spec.ts, unchanged) with only one backend:
 * every Redis store on a real three-master Redis Cluster, through an ioredis `Cluster` client.
 */
import type { BackendCase } from '../receiver/fixtures/store-backends';

jest.mock('../receiver/fixtures/store-backends', () => {
  const { redisClusterBackend } = jest.requireActual<
    typeof import('./support/cluster-store-backend')
  >('./support/cluster-store-backend');
  const cases: BackendCase[] = [['redis cluster', redisClusterBackend]];
  return { backendCases: () => cases };
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../receiver/store-contracts.e2e-spec');

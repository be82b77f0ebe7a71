import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import {
  LOGOUT_BACKOFF_STRATEGY,
  logoutBackoffDelay,
} from '../../libs/backchannel-logout/src/provider/delivery/delivery-backoff.strategy';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { OpNode, startOpNode } from './support/op-node';

/**
 * The fault scenarios depend on the host's Bull settings reaching the delivery queue (a killed worker's jobs
 * come back after `lockDuration`, checked every `stalledInterval`). @nestjs/bull merges queue options over
 * `BullModule.forRoot()` shallowly, so the module must extend the host's settings, not replace them.
 */
describe("the host's BullModule.forRoot settings reach the delivery queue", () => {
  const prefix = uniquePrefix('settings');
  let node: OpNode;

  beforeAll(async () => {
    node = await startOpNode({
      database: { type: 'better-sqlite3', database: ':memory:' },
      prefix,
      redis: testRedisOptions(),
      bull: { lockDuration: 3000, stalledInterval: 1000, maxStalledCount: 7, drainDelay: 2 },
    });
  });

  afterAll(async () => {
    await node?.close();
    await deleteKeysWithPrefix(prefix);
  });

  it('keeps lockDuration, stalledInterval, maxStalledCount and adds the retry strategy', () => {
    const queue = node.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    const settings = (queue as unknown as { settings: Record<string, unknown> }).settings;
    expect(settings).toMatchObject({
      lockDuration: 3000,
      stalledInterval: 1000,
      maxStalledCount: 7,
      drainDelay: 2,
    });
    expect(settings.backoffStrategies).toEqual({ [LOGOUT_BACKOFF_STRATEGY]: logoutBackoffDelay });
  });
});

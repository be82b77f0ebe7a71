/**
 * The provider's delivery queue on a real three-master Redis Cluster, configured as a host would:
 * `BullModule.forRoot(redisClusterQueueOptions(nodes))`. A host logout call reaches a real HTTP RP through
 * Bull on the cluster, with a retry, and ends as a delivered row.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutService,
  redisClusterQueueOptions,
} from 'nestjs-backchannel-logout';
import { DEFAULT_CLUSTER_QUEUE_PREFIX } from '../../libs/backchannel-logout/src/provider/queue/redis-cluster-queue.factory';
import request from 'supertest';
import { FixtureOp, startFixtureOp } from '../provider/fixtures/fixture-op.app';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';
import { CapturingRp } from '../provider/support/capturing-rp';
import { claimsOf, clientId, sessionOf } from '../provider/support/provider-helpers';
import { databaseCases } from '../support/databases';
import { workerConnected } from '../support/queue';
import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';
import { until } from '../support/wait';

let cluster: TestRedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
});
afterAll(() => cluster?.stop());

describe.each(databaseCases())('deliveries through Bull on Redis Cluster (%s)', (db, database) => {
  let op: FixtureOp;
  let queue: Queue;
  const rps: CapturingRp[] = [];

  beforeAll(async () => {
    op = await startFixtureOp({
      database: await database.create(),
      prefix: 'unused',
      // One prefix per database case: each gets its own queue keys in its own slot.
      bull: redisClusterQueueOptions(cluster.nodes, { prefix: `{bcl-${db}}` }),
      module: {
        delivery: { ...LOOPBACK_DELIVERY, attempts: 3, backoffBaseMs: 100, backoffCapMs: 200 },
      },
    });
    queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    await workerConnected(queue);
  });
  afterAll(async () => {
    await op?.close();
    for (const rp of rps) await rp.stop();
    await database.drop();
  });

  it('host logout call -> 503 -> retry -> 200: delivered, with the same token, via the cluster', async () => {
    const rp = await new CapturingRp([{ status: 503 }, { status: 200 }]).start();
    rps.push(rp);
    const id = clientId('cluster-rp');
    const sid = await sessionOf(op, [{ clientId: id, uri: rp.url() }]);

    const res = await request(op.app.getHttpServer()).post('/logout').send({ sid }).expect(200);
    const { logoutId, deliveries } = res.body as { logoutId: string; deliveries: number };
    expect(deliveries).toBe(1);

    const outcome = await op.get(BackchannelLogoutService).waitForDeliveries(logoutId, 15_000);
    expect(outcome.settled).toBe(true);
    expect(outcome.deliveries).toEqual([
      expect.objectContaining({
        clientId: id,
        status: 'delivered',
        attempts: 2,
        lastHttpStatus: 200,
      }),
    ]);
    expect(rp.requests).toHaveLength(2);
    expect(claimsOf(rp.requests[1]).jti).toBe(claimsOf(rp.requests[0]).jti);

    // The job ran on the cluster, and every key of the queue sits in the prefix's one slot.
    expect((queue.client as unknown as { isCluster: boolean }).isCluster).toBe(true);
    // The row says delivered once the worker recorded the outcome; Bull moves the job to `completed` just after.
    await until(async () => (await queue.getCompletedCount()) >= 1);
    const redis = cluster.client();
    const slot = await redis.cluster('KEYSLOT', `{bcl-${db}}`);
    const keys = (
      await Promise.all(redis.nodes('master').map((node) => node.keys(`{bcl-${db}}:*`)))
    ).flat();
    expect(keys).toContain(`{bcl-${db}}:${BACKCHANNEL_LOGOUT_DEFAULT_QUEUE}:completed`);
    const slots = await Promise.all(keys.map((key) => redis.cluster('KEYSLOT', key)));
    expect(new Set(slots)).toEqual(new Set([slot]));
    expect(DEFAULT_CLUSTER_QUEUE_PREFIX).toBe('{bcl}');
  });
});

describe('a delivery queue on Redis Cluster without a hash-tagged prefix', () => {
  it('is refused at start-up with invalid_options, not at the first job', async () => {
    const [, database] = databaseCases()[0];
    const started = startFixtureOp({
      database: await database.create(),
      prefix: 'unused',
      bull: { ...redisClusterQueueOptions(cluster.nodes), prefix: 'bcl-no-tag' },
    });
    await expect(started).rejects.toMatchObject({
      code: 'invalid_options',
      message: expect.stringContaining('hash tag') as unknown,
    });
    await database.drop();
  });
});

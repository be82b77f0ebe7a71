import { getQueueToken } from '@nestjs/bull';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { Queue } from 'bull';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutAuditService,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import request from 'supertest';
import { databaseCases } from '../support/databases';
import { sleep, until } from '../support/wait';
import { PrivateRedis } from '../provider/support/private-redis';
import { CountingRp } from './support/counting-rp';
import { OpNode, startOpNode } from './support/op-node';
import { report } from './support/report';
import { seedSession } from './support/seed';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';

const RPS = 1000;

/** The host's logout endpoint: it answers once the library has stored (and, if it can, enqueued) the logout. */
@Controller()
class HostLogoutController {
  constructor(private readonly bcl: BackchannelLogoutService) {}

  @Post('logout')
  @HttpCode(200)
  async logout(@Body() body: { sid: string }): Promise<{ logoutId: string; enqueued: boolean }> {
    const { logoutId, enqueued } = await this.bcl.logoutSession({ sid: body.sid });
    return { logoutId, enqueued };
  }
}

/**
 * Issue 5, "Redis down at logout time" and "Redis restarting in the middle of a fan-out", with a private
 * redis-server without persistence (the worst case: a restart loses every job). The outbox (delivery rows
 * written before Redis is touched) and its relay must lose nothing. test/provider/outbox.e2e-spec.ts shows
 * the one-RP case; these are the 1 000-RP ones.
 */
describe.each(databaseCases())(
  'Redis outages with %s RPs, on %%s'.replace('%s', String(RPS)),
  (dbName, database) => {
    const redis = new PrivateRedis();
    const rp = new CountingRp(() => 200, 5);
    let node: OpNode;
    let queue: Queue;

    beforeAll(async () => {
      await redis.start();
      await rp.start();
      node = await startOpNode(
        {
          database: await database.create(),
          prefix: 'bcl-outage',
          // Reconnect attempts 1 s apart: while Redis is down the connection then stays `reconnecting` (what the
          // outbox counts as offline) instead of passing through `connecting` every few ms, when a logout would
          // still count Redis as up and attempt its first deliveries inline.
          redis: { host: '127.0.0.1', port: redis.port, retryStrategy: () => 1000 },
          // A fast relay, and jobs count as vanished after 1 s.
          module: {
            delivery: { ...LOOPBACK_DELIVERY, concurrency: 20 },
            outbox: { relayIntervalMs: 200, staleAfterMs: 1000, enqueueTimeoutMs: 500 },
          },
        },
        { controllers: [HostLogoutController] },
      );
      queue = node.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    });

    afterAll(async () => {
      await node?.close();
      await rp.stop();
      await redis.dispose();
      await database.drop();
    });

    it('Redis down at logout time: the logout completes, 1 000 rows wait in the outbox, all delivered once Redis is back', async () => {
      const ids = await seedSession(node.dataSource, {
        label: 'down',
        count: RPS,
        sid: 'down-sid',
        sub: 'down-user',
        uriOf: (id) => rp.url(`/bcl/${id}`),
      });
      await redis.stop();
      await until(() => queue.client.status === 'reconnecting', 10000);

      const t0 = Date.now();
      const res = await request(node.app.getHttpServer())
        .post('/logout')
        .send({ sid: 'down-sid' })
        .expect(200);
      const logoutMs = Date.now() - t0;
      expect(res.body).toEqual({ logoutId: expect.any(String), enqueued: false });
      const { logoutId } = res.body as { logoutId: string };

      const audit = node.app.get(BackchannelLogoutAuditService);
      // Under test is that nothing moves while Redis stays down, so the wait is a duration, not a condition.
      await sleep(1000); // relay passes while Redis is still down
      expect((await audit.list({ logoutId, status: 'pending' })).total).toBe(RPS);
      expect(rp.receipts).toHaveLength(0);

      await redis.start();
      const upAt = Date.now();
      await rp.waitForDistinct(RPS, 120000);
      const outcome = await node.app
        .get(BackchannelLogoutService)
        .waitForDeliveries(logoutId, 60000);
      const drainMs = Date.now() - upAt;
      expect(outcome.settled).toBe(true);
      expect(outcome.deliveries.filter((d) => d.status === 'delivered')).toHaveLength(RPS);
      expect(rp.duplicates()).toEqual([]);
      const pathOfJti = new Map(rp.receipts.map((r) => [r.jti, r.path]));
      const rows = (await audit.list({ logoutId, pageSize: 500 })).items;
      for (const d of rows) expect(pathOfJti.get(d.jti)).toBe(`/bcl/${d.clientId}`);
      expect(new Set(rp.receipts.map((r) => r.aud))).toEqual(new Set(ids));

      report(`redis-down-at-logout.${dbName}`, {
        database: dbName,
        rps: RPS,
        logoutRoundTripMsWhileRedisDown: logoutMs,
        msFromRedisUpToAllDelivered: drainMs,
        duplicates: 0,
        missing: 0,
      });
    });

    it('Redis restarted (no persistence) in the middle of a fan-out: every queued delivery is re-enqueued, none lost', async () => {
      await seedSession(node.dataSource, {
        label: 'restart',
        count: RPS,
        sid: 'restart-sid',
        sub: 'restart-user',
        uriOf: (id) => rp.url(`/bcl/${id}`),
      });
      const before = rp.distinct;
      const bcl = node.app.get(BackchannelLogoutService);
      const result = await bcl.logoutSession({ sid: 'restart-sid' });
      expect(result.enqueued).toBe(true);
      const jtis = new Set(result.deliveries.map((d) => d.jti));

      await rp.waitForDistinct(before + 200, 60000);
      await redis.stop(); // SIGKILL: every job, waiting or active, is gone
      const atRestart = rp.distinct - before;
      expect(atRestart).toBeLessThan(RPS);
      await redis.start();
      const restartedAt = Date.now();
      const jobsRightAfter = await queue.getJobCounts();

      await rp.waitForDistinct(before + RPS, 120000);
      const outcome = await bcl.waitForDeliveries(result.logoutId, 60000);
      const drainMs = Date.now() - restartedAt;
      expect(outcome.settled).toBe(true);
      expect(outcome.deliveries.filter((d) => d.status === 'delivered')).toHaveLength(RPS);
      const received = rp.receipts.filter((r) => jtis.has(r.jti));
      expect(new Set(received.map((r) => r.jti))).toEqual(jtis);
      const duplicates = [...jtis].filter((jti) => rp.countOf(jti) > 1);

      report(`redis-restart-mid-fanout.${dbName}`, {
        database: dbName,
        rps: RPS,
        deliveredBeforeRestart: atRestart,
        jobsInRedisRightAfterRestart: jobsRightAfter,
        msFromRestartToAllDelivered: drainMs,
        duplicates: duplicates.length,
        missing: 0,
      });
    });
  },
);

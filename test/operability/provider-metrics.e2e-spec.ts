import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutMetricsModule,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { PrivateRedis } from '../provider/support/private-redis';
import { CountingRp } from '../reliability/support/counting-rp';
import { OpNode, startOpNode } from '../reliability/support/op-node';
import { seedSession } from '../reliability/support/seed';
import { scrapeMetrics, Sample, valueOf } from './support/prometheus-text';
import { MetricsController } from './support/metrics.controller';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';

// Every attempt through the queue and the worker: these tests read the queue's job counts, which the inline
// first attempt (on by default) would bypass.
const delivery = {
  ...LOOPBACK_DELIVERY,
  dispatchInline: false,
  backoffBaseMs: 100,
  backoffCapMs: 200,
};

const scrape = (node: OpNode): Promise<Sample[]> => scrapeMetrics(node.app);

describe.each(databaseCases())('provider metrics on %s', (_db, database) => {
  afterAll(() => database.drop());

  describe('after real deliveries', () => {
    const prefix = uniquePrefix('metrics');
    let flakyCalls = 0;
    const rp = new CountingRp((path) => {
      if (path.startsWith('/reject')) return 400;
      if (path.startsWith('/flaky')) return ++flakyCalls === 1 ? 503 : 200;
      return 200;
    });
    let node: OpNode;

    beforeAll(async () => {
      await rp.start();
      node = await startOpNode(
        {
          database: await database.create(),
          prefix,
          redis: testRedisOptions(),
          module: { delivery },
        },
        { imports: [BackchannelLogoutMetricsModule.forRoot()], controllers: [MetricsController] },
      );
    });

    afterAll(async () => {
      await node?.close();
      await rp.stop();
      await deleteKeysWithPrefix(prefix);
    });

    it('counts outcomes, retries and latencies, and reads queue and outbox state on scrape', async () => {
      const before = await scrape(node);
      expect(valueOf(before, 'bcl_provider_queue_up')).toBe(1);
      expect(valueOf(before, 'bcl_provider_outbox_up')).toBe(1);
      expect(
        valueOf(before, 'bcl_provider_deliveries_total', { outcome: 'delivered' }),
      ).toBeUndefined();

      const paths = ['/ok-a', '/ok-b', '/reject', '/flaky'];
      let n = 0;
      await seedSession(node.dataSource, {
        label: 'm',
        count: paths.length,
        sid: 'metrics-sid',
        sub: 'metrics-user',
        uriOf: () => rp.url(paths[n++]),
      });
      const bcl = node.app.get(BackchannelLogoutService);
      const { logoutId } = await bcl.logoutSession({ sid: 'metrics-sid' });
      const outcome = await bcl.waitForDeliveries(logoutId, 15000);
      expect(outcome.settled).toBe(true);

      const after = await scrape(node);
      const total = (labels: Record<string, string>): number | undefined =>
        valueOf(after, 'bcl_provider_deliveries_total', labels);
      expect(total({ outcome: 'delivered', error_code: '' })).toBe(3);
      expect(total({ outcome: 'failed', error_code: 'rp_rejected' })).toBe(1);
      expect(
        valueOf(after, 'bcl_provider_delivery_retries_total', { error_code: 'rp_server_error' }),
      ).toBe(1);
      // 5 attempts: 3 delivered (one of them after the retry), 1 retrying, 1 failed.
      const attempts = (outcome: string): number | undefined =>
        valueOf(after, 'bcl_provider_delivery_attempt_duration_seconds_count', { outcome });
      expect([attempts('delivered'), attempts('retrying'), attempts('failed')]).toEqual([3, 1, 1]);
      expect(valueOf(after, 'bcl_provider_delivery_latency_seconds_count')).toBe(3);
      expect(valueOf(after, 'bcl_provider_delivery_latency_seconds_sum')).toBeGreaterThan(0);
      // Queue and outbox, read from Bull and the table at scrape time.
      expect(valueOf(after, 'bcl_provider_queue_jobs', { state: 'completed' })).toBe(3);
      expect(valueOf(after, 'bcl_provider_queue_jobs', { state: 'waiting' })).toBe(0);
      expect(valueOf(after, 'bcl_provider_queue_oldest_waiting_job_age_seconds')).toBe(0);
      for (const status of ['pending', 'queued', 'retrying']) {
        expect(valueOf(after, 'bcl_provider_outbox_deliveries', { status })).toBe(0);
      }
    });

    it('reports waiting jobs and the age of the oldest one while no worker takes them', async () => {
      const queue = node.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
      await queue.pause(true); // this process's worker stops taking jobs
      try {
        let n = 0;
        await seedSession(node.dataSource, {
          label: 'lag',
          count: 3,
          sid: 'lag-sid',
          sub: 'lag-user',
          uriOf: () => rp.url(`/ok-lag-${n++}`),
        });
        const bcl = node.app.get(BackchannelLogoutService);
        await bcl.logoutSession({ sid: 'lag-sid' });
        await until(
          async () =>
            (valueOf(await scrape(node), 'bcl_provider_queue_oldest_waiting_job_age_seconds') ??
              0) >= 1,
        );
        const samples = await scrape(node);
        expect(valueOf(samples, 'bcl_provider_queue_jobs', { state: 'waiting' })).toBe(3);
        expect(
          valueOf(samples, 'bcl_provider_queue_oldest_waiting_job_age_seconds'),
        ).toBeGreaterThanOrEqual(1);
        expect(valueOf(samples, 'bcl_provider_outbox_deliveries', { status: 'queued' })).toBe(3);
      } finally {
        await queue.resume(true);
      }
      await until(async () => {
        const s = await scrape(node);
        return valueOf(s, 'bcl_provider_outbox_deliveries', { status: 'queued' }) === 0;
      });
    });
  });

  describe('while Redis is down', () => {
    const redis = new PrivateRedis();
    const rp = new CountingRp(() => 200);
    let node: OpNode;

    beforeAll(async () => {
      await redis.start();
      await rp.start();
      node = await startOpNode(
        {
          database: await database.create(),
          prefix: uniquePrefix('metrics-down'),
          redis: { host: '127.0.0.1', port: redis.port },
          module: { delivery, outbox: { relayIntervalMs: 200, enqueueTimeoutMs: 300 } },
        },
        { imports: [BackchannelLogoutMetricsModule.forRoot()], controllers: [MetricsController] },
      );
    });

    afterAll(async () => {
      await node?.close();
      await rp.stop();
      await redis.dispose();
    });

    it('says the queue is down and shows the outbox backlog and its age, then drains it', async () => {
      let n = 0;
      await seedSession(node.dataSource, {
        label: 'down',
        count: 2,
        sid: 'down-sid',
        sub: 'down-user',
        uriOf: () => rp.url(`/down-${n++}`),
      });
      const queue = node.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
      await redis.stop();
      await until(() => queue.client.status !== 'ready');
      const bcl = node.app.get(BackchannelLogoutService);
      const result = await bcl.logoutSession({ sid: 'down-sid' });
      expect(result.enqueued).toBe(false);
      await until(
        async () =>
          (valueOf(await scrape(node), 'bcl_provider_outbox_oldest_pending_age_seconds') ?? 0) >= 1,
      );

      const down = await scrape(node); // answers at once, Redis or not
      expect(valueOf(down, 'bcl_provider_queue_up')).toBe(0);
      expect(valueOf(down, 'bcl_provider_queue_jobs', { state: 'waiting' })).toBeUndefined();
      expect(valueOf(down, 'bcl_provider_outbox_up')).toBe(1);
      expect(valueOf(down, 'bcl_provider_outbox_deliveries', { status: 'pending' })).toBe(2);
      expect(
        valueOf(down, 'bcl_provider_outbox_oldest_pending_age_seconds'),
      ).toBeGreaterThanOrEqual(1);

      await redis.start();
      await rp.waitForDistinct(2, 20000);
      await until(async () => {
        const s = await scrape(node);
        return (
          valueOf(s, 'bcl_provider_queue_up') === 1 &&
          valueOf(s, 'bcl_provider_outbox_deliveries', { status: 'pending' }) === 0 &&
          valueOf(s, 'bcl_provider_deliveries_total', { outcome: 'delivered' }) === 2
        );
      }, 20000);
      const up = await scrape(node);
      expect(valueOf(up, 'bcl_provider_outbox_oldest_pending_age_seconds')).toBe(0);
    });
  });
});

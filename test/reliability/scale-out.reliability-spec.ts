import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { LogoutDeliveryEntity } from '../../libs/backchannel-logout/src/provider/delivery/logout-delivery.entity';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { TsChild } from './support/child-process';
import { CountingRp } from './support/counting-rp';
import { OpNode, OpNodeConfig, opSigningKey, startOpNode } from './support/op-node';
import { percentile, report } from './support/report';
import { recordParticipants, seedSession } from './support/seed';
import { sharedDatabase, SharedDatabase } from './support/shared-database';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';

const DELIVERIES = 10_000;
const CONCURRENCY = 20;
const WORKER = 'test/reliability/support/op-worker.main.ts';

interface Run {
  workers: number;
  enqueueMs: number;
  deliveredMs: number;
  perSecond: number;
  duplicates: number;
  retried: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
}

/**
 * Issue 5, "Scale-out": 1, 2 and 3 worker processes on one queue, each time 10 000 notifications from one
 * logout (10 000 RPs in one session, issued by an API node with `worker: false`). Every token must arrive,
 * exactly once apart from retries; throughput per worker count is reported (2 cores: the numbers say what
 * this machine does, not how far it scales).
 */
describe(`scale-out: ${DELIVERIES} deliveries by 1, 2 and 3 worker processes`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-scale-'));
  const prefix = uniquePrefix('scale');
  const rp = new CountingRp(() => 200);
  let db: SharedDatabase;
  let api: OpNode;
  let workerConfig: OpNodeConfig;
  let clientIds: string[] = [];
  const runs: Run[] = [];
  const workers: TsChild[] = [];

  beforeAll(async () => {
    await rp.start();
    db = await sharedDatabase(dir);
    const common = {
      database: db.options,
      prefix,
      redis: testRedisOptions(),
      privateKeyPem: opSigningKey().export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const delivery = { ...LOOPBACK_DELIVERY, concurrency: CONCURRENCY };
    workerConfig = {
      ...common,
      migrate: false,
      module: { delivery, outbox: { relayIntervalMs: 0 } },
    };
    api = await startOpNode({ ...common, module: { worker: false, delivery } });
    clientIds = await seedSession(api.dataSource, {
      label: 'scale',
      count: DELIVERIES,
      sid: 'scale-sid-1',
      sub: 'scale-user',
      uriOf: (id) => rp.url(`/bcl?client=${id}`),
    });
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await api?.close();
    await rp.stop();
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    if (runs.length > 0) {
      report('scale-out', {
        database: db?.name,
        deliveries: DELIVERIES,
        concurrencyPerWorker: CONCURRENCY,
        runs,
      });
    }
  });

  it.each([1, 2, 3])(
    '%i worker process(es): every notification arrives, exactly once apart from retries',
    async (count) => {
      const sid = `scale-sid-${count}`;
      if (count > 1)
        await recordParticipants(api.dataSource, { sid, sub: 'scale-user', clientIds });
      const started = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          TsChild.start(`worker-${count}.${i}`, WORKER, {
            OP_NODE_CONFIG: JSON.stringify(workerConfig),
          }),
        ),
      );
      workers.push(...started);
      const before = rp.distinct;

      const bcl = api.app.get(BackchannelLogoutService);
      const t0 = Date.now();
      const result = await bcl.logoutSession({ sid });
      const enqueueMs = Date.now() - t0;
      expect(result.enqueued).toBe(true);
      expect(result.deliveries).toHaveLength(DELIVERIES);
      await rp.waitForDistinct(before + DELIVERIES, 300_000);
      const jtis = new Set(result.deliveries.map((d) => d.jti));
      const arrivals = rp.receipts.filter((r) => jtis.has(r.jti));
      const last = Math.max(...arrivals.map((r) => r.at));
      const outcome = await bcl.waitForDeliveries(result.logoutId, 60_000);
      expect(outcome.settled).toBe(true);
      expect(outcome.deliveries.filter((d) => d.status === 'delivered')).toHaveLength(DELIVERIES);

      // Each jti arrived at least once, at the RP it was minted for; more than once only if it was retried.
      const rows = await api.dataSource.getRepository(LogoutDeliveryEntity).find({
        select: { jti: true, attempts: true, clientId: true },
        where: { logoutId: result.logoutId },
      });
      const attemptsOf = new Map(rows.map((r) => [r.jti, r.attempts]));
      for (const jti of jtis) expect(rp.countOf(jti)).toBeGreaterThanOrEqual(1);
      const duplicated = [...jtis].filter((jti) => rp.countOf(jti) > 1);
      expect(duplicated.filter((jti) => (attemptsOf.get(jti) ?? 0) < rp.countOf(jti))).toEqual([]);
      const clientOf = new Map(rows.map((r) => [r.jti, r.clientId]));
      for (const r of arrivals) expect(r.aud).toBe(clientOf.get(r.jti));

      const latencies = arrivals.map((r) => r.at - t0);
      runs.push({
        workers: count,
        enqueueMs,
        deliveredMs: last - t0,
        perSecond: Math.round((DELIVERIES / (last - t0)) * 1000),
        duplicates: duplicated.length,
        retried: rows.filter((r) => r.attempts > 1).length,
        p50LatencyMs: percentile(latencies, 50),
        p99LatencyMs: percentile(latencies, 99),
      });
      for (const w of started) await w.stop();
    },
  );
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackchannelLogoutAuditService, BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { sleep } from '../support/wait';
import { TsChild } from './support/child-process';
import { CountingRp } from './support/counting-rp';
import { OpNode, OpNodeConfig, opSigningKey, startOpNode } from './support/op-node';
import { report } from './support/report';
import { seedSession } from './support/seed';
import { sharedDatabase, SharedDatabase } from './support/shared-database';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';

const RPS = 1000;
const CONCURRENCY = 10;
const WORKER = 'test/reliability/support/op-worker.main.ts';

/**
 * Issue 5, "Worker killed": the logout is issued by an API node (`worker: false`, this process); a worker
 * process delivers; it is SIGKILLed in the middle of a 1 000-RP fan-out and another one is started. Bull's
 * stalled-job check (short lock settings here) hands the killed worker's jobs to the new one.
 */
describe(`worker killed with SIGKILL in the middle of a ${RPS}-RP fan-out`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-kill-'));
  const prefix = uniquePrefix('kill');
  // Each answer takes 10 ms, so the kill finds requests in flight.
  const rp = new CountingRp(() => 200, 10);
  let db: SharedDatabase;
  let api: OpNode;
  let config: OpNodeConfig;
  const workers: TsChild[] = [];

  beforeAll(async () => {
    await rp.start();
    db = await sharedDatabase(dir);
    const common = {
      database: db.options,
      prefix,
      redis: testRedisOptions(),
      // A killed worker's lock expires after 3 s; the stalled check runs every second.
      bull: { lockDuration: 3000, lockRenewTime: 1000, stalledInterval: 1000, maxStalledCount: 10 },
      privateKeyPem: opSigningKey().export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    config = {
      ...common,
      migrate: false,
      module: {
        delivery: { ...LOOPBACK_DELIVERY, concurrency: CONCURRENCY },
        outbox: { relayIntervalMs: 0 },
      },
    };
    api = await startOpNode({
      ...common,
      module: { worker: false, delivery: LOOPBACK_DELIVERY },
    });
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await api?.close();
    await rp.stop();
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers all 1 000 after a restart, each with its own jti; duplicates are counted; none is missing', async () => {
    await seedSession(api.dataSource, {
      label: 'kill',
      count: RPS,
      sid: 'kill-sid',
      sub: 'kill-user',
      uriOf: (id) => rp.url(`/bcl?client=${id}`),
    });
    const first = await TsChild.start('worker-1', WORKER, {
      OP_NODE_CONFIG: JSON.stringify(config),
    });
    workers.push(first);

    const bcl = api.app.get(BackchannelLogoutService);
    const started = Date.now();
    const result = await bcl.logoutSession({ sid: 'kill-sid' });
    expect(result.enqueued).toBe(true);
    expect(result.deliveries).toHaveLength(RPS);
    const clientOfJti = new Map(result.deliveries.map((d) => [d.jti, d.clientId]));
    expect(clientOfJti.size).toBe(RPS);

    await rp.waitForDistinct(250, 120000);
    await first.kill();
    const atKill = rp.distinct;
    const receiptsAtKill = rp.receipts.length;
    expect(atKill).toBeLessThan(RPS); // the kill landed in the middle of the fan-out
    // Under test is that nothing moves without a worker, so the wait is a duration, not a condition.
    await sleep(1500);
    expect(rp.distinct).toBe(atKill); // no worker left: nothing moves

    const restarted = Date.now();
    const second = await TsChild.start('worker-2', WORKER, {
      OP_NODE_CONFIG: JSON.stringify(config),
    });
    workers.push(second);
    await rp.waitForDistinct(RPS, 180000);
    const outcome = await bcl.waitForDeliveries(result.logoutId, 60000);
    const finished = Date.now();

    // None missing, none foreign; every token went to the RP it was minted for.
    expect(outcome.settled).toBe(true);
    expect(outcome.deliveries.filter((d) => d.status === 'delivered')).toHaveLength(RPS);
    const received = new Set(rp.receipts.map((r) => r.jti));
    expect([...clientOfJti.keys()].filter((jti) => !received.has(jti))).toEqual([]);
    expect([...received].filter((jti) => !clientOfJti.has(jti))).toEqual([]);
    for (const r of rp.receipts) expect(r.aud).toBe(clientOfJti.get(r.jti));
    for (const r of rp.receipts) expect(r.path).toBe(`/bcl?client=${r.aud}`);

    // Only attempts in flight at the kill can arrive twice: at most one per worker slot.
    const duplicates = rp.duplicates();
    expect(duplicates.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(duplicates.every(([, n]) => n === 2)).toBe(true);
    const audit = api.app.get(BackchannelLogoutAuditService);
    const page = await audit.list({ logoutId: result.logoutId, pageSize: 500 });
    expect(page.total).toBe(RPS);

    report('worker-killed', {
      database: db.name,
      deliveries: RPS,
      workerConcurrency: CONCURRENCY,
      distinctReceivedAtKill: atKill,
      receiptsAtKill,
      distinctReceived: rp.distinct,
      totalReceipts: rp.receipts.length,
      duplicates: duplicates.length,
      duplicateJtis: duplicates.map(([jti]) => jti),
      missing: 0,
      msUntilKill: restarted - started - 1500,
      msAfterRestart: finished - restarted,
    });
  });
});

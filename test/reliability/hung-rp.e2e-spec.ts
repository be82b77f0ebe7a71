import { BackchannelLogoutAuditService, BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { CapturingRp } from '../provider/support/capturing-rp';
import { CountingRp } from './support/counting-rp';
import { OpNode, startOpNode } from './support/op-node';
import { percentile, report } from './support/report';
import { recordParticipants, seedSession } from './support/seed';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';

const OTHERS = 30;
// Wide on purpose: the order asserted below must hold on a loaded 2-core CI machine too.
const TIMEOUT_MS = 8000;

interface Latencies {
  p50: number;
  p99: number;
  max: number;
}

function summary(values: number[]): Latencies {
  return { p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) };
}

/**
 * Issue 5, "Hung RP": one RP that accepts the connection and never answers must delay no other RP. The
 * other RPs' latency is measured with and without it and reported; what is asserted is the order of events:
 * every other RP is delivered while the hung one is still on its first attempt, before its timeout fires.
 */
describe.each(databaseCases())('a hung RP delays no other RP, on %s', (dbName, database) => {
  const prefix = uniquePrefix('hung');
  const rp = new CountingRp(() => 200);
  const hung = new CapturingRp(['hang']);
  let node: OpNode;

  beforeAll(async () => {
    await rp.start();
    await hung.start();
    node = await startOpNode({
      database: await database.create(),
      prefix,
      redis: testRedisOptions(),
      // Default concurrency (10): the hung RP holds one slot.
      module: {
        delivery: {
          ...LOOPBACK_DELIVERY,
          timeoutMs: TIMEOUT_MS,
          attempts: 2,
        },
      },
    });
  });

  afterAll(async () => {
    await node?.close();
    await rp.stop();
    await hung.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('delivers every other RP before the hung one times out; latencies with and without it are reported', async () => {
    const bcl = node.app.get(BackchannelLogoutService);
    const audit = node.app.get(BackchannelLogoutAuditService);
    const others = await seedSession(node.dataSource, {
      label: 'other',
      count: OTHERS,
      sid: 'warm-up-sid',
      sub: 'hung-user',
      uriOf: (id) => rp.url(`/bcl/${id}`),
    });
    // A warm-up round, so the baseline is not the process's first deliveries.
    const warmUp = await bcl.logoutSession({ sid: 'warm-up-sid' });
    expect((await bcl.waitForDeliveries(warmUp.logoutId, 10000)).settled).toBe(true);
    await recordParticipants(node.dataSource, {
      sid: 'baseline-sid',
      sub: 'hung-user',
      clientIds: others,
    });

    // Without the hung RP.
    let t0 = Date.now();
    const baseline = await bcl.logoutSession({ sid: 'baseline-sid' });
    await rp.waitForDistinct(2 * OTHERS, 20000);
    const baselineMs = rp.receipts.slice(OTHERS).map((r) => r.at - t0);
    expect((await bcl.waitForDeliveries(baseline.logoutId, 10000)).settled).toBe(true);

    // With it: the hung client is recorded first, so its job is among the first taken.
    await seedSession(node.dataSource, {
      label: 'hung',
      count: 1,
      sid: 'hung-sid',
      sub: 'hung-user',
      uriOf: () => hung.url('/bcl'),
    });
    await recordParticipants(node.dataSource, {
      sid: 'hung-sid',
      sub: 'hung-user',
      clientIds: others,
    });
    t0 = Date.now();
    const withHung = await bcl.logoutSession({ sid: 'hung-sid' });
    expect(withHung.deliveries).toHaveLength(OTHERS + 1);
    await rp.waitForDistinct(3 * OTHERS, 20000);
    const hungId = withHung.deliveries.find((d) => d.clientId === 'hung-0')!.deliveryId;
    const hungRow = await audit.get(hungId);
    const othersDone = Date.now();

    // The order of events, not their speed: the hung RP has the request and has not answered, its first
    // attempt is not over (no timeout recorded yet), and every other RP already has its token.
    expect(hung.requests).toHaveLength(1);
    expect(hungRow).toMatchObject({ status: 'queued', attempts: 0 });
    const otherRows = (
      await audit.list({ logoutId: withHung.logoutId, pageSize: 100 })
    ).items.filter((d) => d.clientId !== 'hung-0');
    expect(otherRows.map((d) => d.status)).toEqual(Array(OTHERS).fill('delivered'));
    const withHungMs = rp.receipts.slice(2 * OTHERS).map((r) => r.at - t0);
    expect(withHungMs).toHaveLength(OTHERS);

    // Then its timeout fires and it is retried, on its own.
    await until(async () => (await audit.get(hungId))?.attempts !== 0, TIMEOUT_MS * 3, 100);
    const after = await audit.get(hungId);
    expect(after).toMatchObject({ attempts: 1, errorCode: 'rp_timeout' });
    expect(after!.lastAttemptAt!.getTime() + after!.durationMs!).toBeGreaterThan(
      Math.max(...rp.receipts.slice(2 * OTHERS).map((r) => r.at)),
    );

    report(`hung-rp.${dbName}`, {
      database: dbName,
      otherRps: OTHERS,
      hungRpTimeoutMs: TIMEOUT_MS,
      otherLatencyMsWithoutHungRp: summary(baselineMs),
      otherLatencyMsWithHungRp: summary(withHungMs),
      othersDeliveredMsBeforeHungTimeout: t0 + TIMEOUT_MS - othersDone,
      hungFirstAttemptMs: after!.durationMs,
    });
  });
});

import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  BACKCHANNEL_LOGOUT_EVENT_NAMES,
  BackchannelLogoutAuditService,
  BackchannelLogoutRpHealth,
  BackchannelLogoutService,
  generateSid,
  RpHealthChangedEvent,
} from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { DeliveryQueueGateway } from '../../libs/backchannel-logout/src/provider/delivery/delivery-queue.gateway';
import { DeliveryRepository } from '../../libs/backchannel-logout/src/provider/delivery/delivery.repository';
import { DeliveryAttemptResult } from '../../libs/backchannel-logout/src/provider/delivery/delivery-outcome';
import { RpHealthService } from '../../libs/backchannel-logout/src/provider/health/rp-health.service';
import { RpHealthStore } from '../../libs/backchannel-logout/src/provider/health/rp-health.store';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturedRequest, CapturingRp, RpReply } from './support/capturing-rp';
import { claimsOf, clientId, sessionOf, tokenOf } from './support/provider-helpers';

const HUNG_TIMEOUT_MS = 3000;

/** The probe POSTs an empty `logout_token`; a real delivery carries one. */
const isProbe = (r: CapturedRequest): boolean => tokenOf(r) === '';

/**
 * Issue #9, part 2: a bad RP costs only itself. Real HTTP RPs on port 0, real Redis (the health state), real
 * SQLite and PostgreSQL (the delivery rows).
 */
describe.each(databaseCases())('per-RP health on %s', (_db, database) => {
  const prefix = uniquePrefix('rp-health');
  const rps: CapturingRp[] = [];
  const changes: RpHealthChangedEvent[] = [];
  let op: FixtureOp;
  let bcl: BackchannelLogoutService;
  let audit: BackchannelLogoutAuditService;
  let health: BackchannelLogoutRpHealth;

  async function rp(replies: RpReply[]): Promise<CapturingRp> {
    const started = await new CapturingRp(replies).start();
    rps.push(started);
    return started;
  }

  async function statusesOf(client: string): Promise<string[]> {
    const page = await audit.list({ clientId: client, pageSize: 500 });
    return page.items.map((d) => d.status);
  }

  beforeAll(async () => {
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      module: {
        delivery: {
          ...LOOPBACK_DELIVERY,
          timeoutMs: HUNG_TIMEOUT_MS,
          attempts: 30,
          backoffBaseMs: 50,
          backoffCapMs: 100,
          concurrency: 4,
        },
        health: {
          degradeAfter: 2,
          pauseAfter: 5,
          probeIntervalMs: 100,
          maxInFlightPerRp: 2,
          deferMs: 50,
          // Long enough that the cached state cannot expire mid-test: the changes here are all made by
          // this process, which sees them at once whatever the TTL.
          stateCacheMs: 60_000,
        },
      },
    });
    bcl = op.get(BackchannelLogoutService);
    audit = op.get(BackchannelLogoutAuditService);
    health = op.app.get<BackchannelLogoutRpHealth>(BackchannelLogoutRpHealth);
    op.app
      .get(EventEmitter2)
      .on(BACKCHANNEL_LOGOUT_EVENT_NAMES.rpHealthChanged, (e: RpHealthChangedEvent) =>
        changes.push(e),
      );
  });

  afterAll(async () => {
    await op?.close();
    for (const r of rps) await r.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('degrades an RP after consecutive timeouts; the bounded wait then returns in healthy-RP time and the hung delivery is still retried', async () => {
    const healthy = await rp([{ status: 200 }]);
    const hung = await rp(['hang']);
    const ok = clientId('ok');
    const bad = clientId('hung');
    const clients = [
      { clientId: ok, uri: healthy.url() },
      { clientId: bad, uri: hung.url() },
    ];
    const first = await bcl.logoutSession({ sid: await sessionOf(op, clients) });
    // Two timeouts in a row: degraded.
    await until(async () => (await health.get(bad))?.state === 'degraded', 20_000);
    const record = await health.get(bad);
    expect(record).toMatchObject({ state: 'degraded', consecutiveFailures: 2 });
    expect(record!.lastError).toMatch(/^rp_timeout/);
    // The change is announced once the outcome's row is written, which may follow Redis's state by a moment.
    await until(() =>
      changes.some((c) => c.clientId === bad && c.from === 'healthy' && c.to === 'degraded'),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ clientId: bad, from: 'healthy', to: 'degraded', cause: 'outcome' }),
    );
    expect((await health.get(ok))?.state).toBe('healthy');

    // Now known bad: the wait returns once the healthy RP answered, before the hung RP's timeout.
    const sid = generateSid();
    for (const c of clients)
      await bcl.recordIdTokenIssued({ sid, sub: 'user-1', clientId: c.clientId });
    const second = await bcl.logoutSession({ sid });
    const started = Date.now();
    const waited = await bcl.waitForDeliveries(second.logoutId, 5000);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(HUNG_TIMEOUT_MS);
    expect(waited.settled).toBe(false);
    const byClient = new Map(waited.deliveries.map((d) => [d.clientId, d]));
    expect(byClient.get(ok)?.status).toBe('delivered');
    const open = byClient.get(bad)!;
    expect(['pending', 'queued', 'retrying']).toContain(open.status);
    // Still open, and later retried: the hung RP receives this delivery's token.
    await until(
      () => hung.requests.some((r) => !isProbe(r) && claimsOf(r).jti === open.jti),
      20_000,
    );
    await until(async () => ((await audit.get(open.deliveryId))?.attempts ?? 0) >= 1, 10_000);
    expect((await audit.get(first.deliveries[0].deliveryId))?.status).not.toBe('failed');
  });

  it('pauses an RP after a longer streak (rows paused, never failed) and the probe resumes it once it answers', async () => {
    let up = false;
    const flaky = await rp([
      (r) => (up ? { status: isProbe(r) ? 400 : 200 } : { status: 500, body: 'down' }),
    ]);
    const id = clientId('flaky');
    const result = await bcl.logoutSession({
      sid: await sessionOf(op, [{ clientId: id, uri: flaky.url() }]),
    });
    await until(async () => (await health.get(id))?.state === 'paused', 20_000);
    await until(async () => (await statusesOf(id)).every((s) => s === 'paused'), 10_000);
    const row = await audit.get(result.deliveries[0].deliveryId);
    expect(row?.status).toBe('paused');
    expect(row?.attempts).toBeGreaterThanOrEqual(5);
    // Announced after the rows are paused (and Redis read again): wait for it, not for the rows.
    await until(() => changes.some((c) => c.clientId === id && c.to === 'paused'));
    expect(changes).toContainEqual(
      expect.objectContaining({ clientId: id, to: 'paused', cause: 'outcome' }),
    );
    // The probe keeps asking while the RP is down; then the RP answers and is resumed.
    await until(() => flaky.requests.some(isProbe), 10_000);
    expect((await health.get(id))?.state).toBe('paused');
    up = true;
    await until(async () => (await health.get(id))?.state === 'healthy', 10_000);
    await until(
      async () => (await audit.get(result.deliveries[0].deliveryId))?.status === 'delivered',
      10_000,
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ clientId: id, from: 'paused', to: 'healthy', cause: 'probe' }),
    );
  });

  it('an admin resume releases the paused deliveries even while the probe still fails', async () => {
    let tokensAccepted = false;
    // The probe always sees a server error here, so only the admin can resume.
    const rpRef = await rp([(r) => ({ status: !isProbe(r) && tokensAccepted ? 200 : 503 })]);
    const id = clientId('manual');
    const result = await bcl.logoutSession({
      sid: await sessionOf(op, [{ clientId: id, uri: rpRef.url() }]),
    });
    await until(async () => (await statusesOf(id)).every((s) => s === 'paused'), 20_000);
    await until(() => rpRef.requests.some(isProbe), 10_000);
    expect((await health.get(id))?.state).toBe('paused');
    tokensAccepted = true;
    expect(await health.resume(id)).toBe(1);
    expect((await health.get(id))?.state).toBe('healthy');
    await until(
      async () => (await audit.get(result.deliveries[0].deliveryId))?.status === 'delivered',
      10_000,
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ clientId: id, from: 'paused', to: 'healthy', cause: 'admin' }),
    );
  });

  it('a resume made by another process is not undone by what this one remembers of the pause', async () => {
    let accepted = false;
    const rpRef = await rp([(r) => ({ status: !isProbe(r) && accepted ? 200 : 503 })]);
    const id = clientId('resumed-elsewhere');
    const result = await bcl.logoutSession({
      sid: await sessionOf(op, [{ clientId: id, uri: rpRef.url() }]),
    });
    await until(async () => (await statusesOf(id)).every((s) => s === 'paused'), 20_000);
    accepted = true;
    // What another process's resume does: Redis and the rows change, this process's memory does not.
    await op.get(RpHealthStore).resume(id);
    await op.get(DeliveryQueueGateway).revive(await op.get(DeliveryRepository).resumeClient(id));
    await until(
      async () => (await audit.get(result.deliveries[0].deliveryId))?.status === 'delivered',
      10_000,
    );
  });

  it('a pause acted on after a resume made meanwhile does not leave the rows paused', async () => {
    // The first attempt hangs (its row stays open meanwhile); every later request is answered 200.
    const rpRef = await rp(['hang', { status: 200 }]);
    const id = clientId('paused-after-resume');
    const result = await bcl.logoutSession({
      sid: await sessionOf(op, [{ clientId: id, uri: rpRef.url() }]),
    });
    await rpRef.waitForRequests(1);
    const service = op.get(RpHealthService);
    const failure: DeliveryAttemptResult = {
      kind: 'retry',
      code: 'rp_server_error',
      message: 'HTTP 503',
      httpStatus: 503,
    };
    for (let i = 0; i < 4; i++) await service.record(id, rpRef.url(), failure);
    // The fifth failure pauses the RP in Redis; acting on it (pausing the rows) waits for `gate`, as it
    // waits for the outcome's write in a real attempt, and a resume runs in between.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const pausing = service.record(id, rpRef.url(), failure, gate);
    await until(async () => (await health.get(id))?.state === 'paused', 5_000);
    await health.resume(id);
    open();
    await pausing;
    expect((await health.get(id))?.state).toBe('healthy');
    expect((await audit.get(result.deliveries[0].deliveryId))?.status).not.toBe('paused');
    // Rows paused after the resume would stay paused for good: Redis says healthy, the probe never looks.
    await until(
      async () => (await audit.get(result.deliveries[0].deliveryId))?.status === 'delivered',
      HUNG_TIMEOUT_MS + 10_000,
    );
  });

  it('asks Redis nothing for a success of an RP known healthy, and still counts a failure at once', async () => {
    const fine = await rp([{ status: 200 }]);
    const down = await rp([{ status: 503 }]);
    const ok = clientId('known-ok');
    const bad = clientId('known-down');
    await sessionOf(op, [
      { clientId: ok, uri: fine.url() },
      { clientId: bad, uri: down.url() },
    ]);
    const once = async (client: string): Promise<void> => {
      const sid = generateSid();
      await bcl.recordIdTokenIssued({ sid, sub: 'user-1', clientId: client });
      const { logoutId } = await bcl.logoutSession({ sid });
      await bcl.waitForDeliveries(logoutId, 5000);
    };
    await once(ok); // first success: written (healthy, no streak, this URI), then known
    await until(async () => (await health.get(ok))?.state === 'healthy', 5000);

    // Observed, not replaced: every call still goes to Redis.
    const store = op.get(RpHealthStore);
    const asked = [
      jest.spyOn(store, 'record'),
      jest.spyOn(store, 'state'),
      jest.spyOn(store, 'snapshot'),
      jest.spyOn(store, 'unhealthy'),
    ];
    try {
      await once(ok);
      await once(bad);
      const calls = asked.flatMap((spy) => spy.mock.calls.map((args) => args[0] as unknown));
      expect(calls.filter((clientArg) => clientArg === ok)).toEqual([]);
      expect(asked[0]).toHaveBeenCalledWith(bad, down.url(), expect.any(String), expect.anything());
    } finally {
      for (const spy of asked) spy.mockRestore();
    }
    expect((await health.get(bad))?.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(fine.requests).toHaveLength(2);
  });

  it('caps a hung RP at its share of worker slots, so a healthy RP is delivered while the hung ones are in flight', async () => {
    const hung = await rp(['hang']);
    const healthy = await rp([{ status: 200 }]);
    const bad = clientId('hog');
    const ok = clientId('fair');
    // Eight deliveries for one hung RP on a worker with four slots.
    const sids = [await sessionOf(op, [{ clientId: bad, uri: hung.url() }])];
    for (let i = 1; i < 8; i++) {
      sids.push(generateSid());
      await bcl.recordIdTokenIssued({ sid: sids[i], sub: 'user-1', clientId: bad });
    }
    const hogged = [];
    for (const sid of sids) hogged.push(await bcl.logoutSession({ sid }));
    await hung.waitForRequests(2, 10_000);
    const fair = await bcl.logoutSession({
      sid: await sessionOf(op, [{ clientId: ok, uri: healthy.url() }]),
    });
    const started = Date.now();
    const waited = await bcl.waitForDeliveries(fair.logoutId, 5000);
    expect(waited.deliveries[0].status).toBe('delivered');
    expect(Date.now() - started).toBeLessThan(HUNG_TIMEOUT_MS);
    // None of the hung RP's attempts has finished yet, and it never held more than its two slots.
    const hungRows = await Promise.all(hogged.map((h) => audit.get(h.deliveries[0].deliveryId)));
    expect(hungRows.map((r) => r!.attempts)).toEqual(new Array(8).fill(0));
    expect(hung.requests.length).toBe(2);
  });
});

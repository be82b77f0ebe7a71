import { getQueueToken } from '@nestjs/bull';
import Bull, { Queue } from 'bull';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutModuleOptions,
  BackchannelLogoutService,
  MassLogoutService,
} from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import { LogoutDeliveryEntity } from '../../libs/backchannel-logout/src/provider/delivery/logout-delivery.entity';
import { MassLogoutJobEntity } from '../../libs/backchannel-logout/src/provider/mass-logout/mass-logout-job.entity';
import { databaseCases, TestDatabaseOptions } from '../support/databases';
import { workerConnected } from '../support/queue';
import { RecordingLogger } from '../support/recording.logger';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { FIXTURE_ENTITIES, LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { addClients, FixtureOp, shareable, startFixtureOp } from './fixtures/fixture-op.app';
import { EscapeRecorder } from './support/escape-recorder';
import { HoldingRp } from './support/holding-rp';
import { seedSessions } from './support/mass-logout-seed';
import { clientId, sessionOf } from './support/provider-helpers';
import { SlowRedisProxy } from './support/slow-redis.proxy';

/** How long the RP holds the answers it has when the app starts closing. */
const HOLD_MS = 300;
/** Where a delivery left open at shutdown must be: its row open, its Bull job there for the next process. */
const OPEN_ROWS = ['queued', 'retrying'];
/**
 * `active`: fetched by the worker just as it stopped and never started (Bull's own close race); the next
 * worker's stalled-job check puts it back in the queue once its lock runs out.
 */
const WAITING_JOBS = ['waiting', 'delayed', 'active'];

describe.each(databaseCases())('shutdown with deliveries in flight on %s', (_db, database) => {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-shutdown-'));
  let options: TestDatabaseOptions;
  let prefix: string;
  let op: FixtureOp;
  let logger: RecordingLogger;
  let escapes: EscapeRecorder;
  /** Servers a test started (RPs, proxies), stopped after it. */
  const stops: Array<() => Promise<void>> = [];
  const started = <T extends { stop(): Promise<void> }>(server: T): T => {
    stops.push(() => server.stop());
    return server;
  };

  const start = async (
    module: Partial<BackchannelLogoutModuleOptions>,
    redis = testRedisOptions(),
  ): Promise<Queue> => {
    // A database and a queue of its own: a run left for "the next process" must not be resumed by the next test.
    options = shareable(await database.create(), mkdtempSync(join(dir, 'db-')));
    prefix = uniquePrefix('shutdown');
    logger = new RecordingLogger();
    op = await startFixtureOp({
      database: options,
      prefix,
      logger,
      redis,
      // Every scheduler of the module runs too: the health probe and the session expiry job each tick often.
      module: {
        health: { probeIntervalMs: 50 },
        sessionLifetime: { idleSeconds: 3600, checkIntervalMs: 100 },
        ...module,
      },
    });
    const queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    escapes = new EscapeRecorder().start().watch(queue);
    return queue;
  };

  /** Warnings and errors the library logged: a Redis call racing the shutdown is not one of them. */
  const complaints = () => [...logger.text('warn'), ...logger.text('error')];

  /** The rows as the next process finds them (read with a new connection: the app's is closed). */
  const rowsAfterClose = async (where: { logoutId?: string; reason?: string }) => {
    const dataSource = new DataSource({ ...options, entities: FIXTURE_ENTITIES, logging: false });
    await dataSource.initialize();
    try {
      return {
        deliveries: await dataSource.getRepository(LogoutDeliveryEntity).findBy(where),
        massLogouts: await dataSource.getRepository(MassLogoutJobEntity).find(),
      };
    } finally {
      await dataSource.destroy();
    }
  };

  /** The state of each delivery's Bull job as the next process finds it. */
  const jobStates = async (ids: readonly string[]): Promise<string[]> => {
    const queue = new Bull(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE, { redis: testRedisOptions(), prefix });
    try {
      return await Promise.all(
        ids.map(async (id) => (await (await queue.getJob(id))?.getState()) ?? 'missing'),
      );
    } finally {
      await queue.close();
    }
  };

  afterEach(async () => {
    escapes?.stop();
    for (const stop of stops.splice(0)) await stop();
    if (prefix) await deleteKeysWithPrefix(prefix);
  });

  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a shutdown while Redis still owes the worker answers lets no error escape', async () => {
    // The worker's blocking connection answers 800 ms late: when the queue closes, Bull gives up waiting on
    // it after 500 ms and drops it, failing whatever it still waits for (the CLIENT SETNAME that each
    // `queue.process()` sends and Bull never handles).
    const proxy = started(await new SlowRedisProxy(testRedisOptions(), 800).start());
    const queue = await start(
      { delivery: LOOPBACK_DELIVERY },
      { ...testRedisOptions(), ...proxy.address },
    );
    await workerConnected(queue);
    await op.close();

    expect(escapes.escaped).toEqual([]);
    expect(complaints()).toEqual([]);
  });

  it('waits for the inline and worker attempts in flight, records every outcome, lets no Redis error escape', async () => {
    const rp = started(await new HoldingRp().start());
    // 6 RPs, 3 slots: 3 first attempts run inline, the worker takes the other 3 jobs at once.
    await workerConnected(
      await start({ delivery: { ...LOOPBACK_DELIVERY, concurrency: 3, timeoutMs: 5000 } }),
    );
    const ids = Array.from({ length: 6 }, () => clientId('drain'));
    const sid = await sessionOf(
      op,
      ids.map((id) => ({ clientId: id, uri: rp.url(`/${id}`) })),
    );
    const { logoutId } = await op.get(BackchannelLogoutService).logoutSession({ sid });
    await rp.waitForArrivals(ids.length);

    rp.answerAfter(HOLD_MS);
    await op.close();

    expect(escapes.escaped).toEqual([]);
    expect(complaints()).toEqual([]);
    expect(rp.answered).toHaveLength(ids.length);
    const { deliveries } = await rowsAfterClose({ logoutId });
    expect(deliveries.map((d) => [d.clientId, d.status, d.attempts]).sort()).toEqual(
      ids.map((id) => [id, 'delivered', 1]).sort(),
    );
  });

  it('a mass logout at shutdown stops after its batch: every stored delivery is delivered or left queued with its job', async () => {
    const rp = started(await new HoldingRp().start());
    await workerConnected(
      await start({ delivery: { ...LOOPBACK_DELIVERY, concurrency: 4, timeoutMs: 5000 } }),
    );
    const clients = [clientId('mass'), clientId('mass')];
    await addClients(
      op.dataSource,
      clients.map((id) => ({ clientId: id, backchannelLogoutUri: rp.url(`/${id}`) })),
    );
    await seedSessions(
      op.dataSource,
      Array.from({ length: 60 }, (_, i) => ({
        sid: `shutdown-mass-${i}`,
        sub: `shutdown-user-${i}`,
        clientIds: clients,
      })),
    );
    const reason = 'shutdown_mass_logout';
    await op.get(MassLogoutService).start({ scope: 'all', batchSize: 5, reason });
    await rp.waitForArrivals(4);

    rp.answerAfter(HOLD_MS);
    await op.close();

    expect(escapes.escaped).toEqual([]);
    expect(complaints()).toEqual([]);
    const { deliveries, massLogouts } = await rowsAfterClose({ reason });
    expect(deliveries.length).toBeGreaterThanOrEqual(4);
    // Never a false `failed`: each row is delivered, or open with its job waiting for the next process.
    const open = deliveries.filter((d) => d.status !== 'delivered');
    expect(open.map((d) => d.status).filter((s) => !OPEN_ROWS.includes(s))).toEqual([]);
    const states = await jobStates(open.map((d) => d.id));
    expect(states.filter((s) => !WAITING_JOBS.includes(s))).toEqual([]);
    // The run gave its lease back (or finished): the next process resumes it at once.
    expect(massLogouts).toEqual([
      expect.objectContaining({ status: expect.stringMatching(/^(running|done)$/), owner: null }),
    ]);
  });

  it('an inline attempt that outlives delivery.shutdownTimeoutMs is cut: its row stays queued for its fallback job', async () => {
    const rp = started(await new HoldingRp().start()); // never answers
    await workerConnected(
      await start({
        delivery: { ...LOOPBACK_DELIVERY, timeoutMs: 10_000, shutdownTimeoutMs: 200 },
      }),
    );
    const id = clientId('cut');
    const sid = await sessionOf(op, [{ clientId: id, uri: rp.url(`/${id}`) }]);
    const { logoutId } = await op.get(BackchannelLogoutService).logoutSession({ sid });
    await rp.waitForArrivals(1);

    const closing = Date.now();
    await op.close();

    // Well before the attempt's own 10 s timeout: the attempt was given up, not waited for.
    expect(Date.now() - closing).toBeLessThan(5000);
    await until(() => rp.abandoned.includes(`/${id}`), 2000);
    expect(escapes.escaped).toEqual([]);
    expect(complaints()).toEqual([]);
    const { deliveries } = await rowsAfterClose({ logoutId });
    expect(deliveries).toEqual([expect.objectContaining({ status: 'queued', attempts: 0 })]);
    expect(await jobStates([deliveries[0].id])).toEqual(['delayed']);
  });
});

import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutAuditService,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { databaseCases, TestDatabaseOptions } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix, wipeKeysWithPrefix } from '../support/redis';
import { sleep, until } from '../support/wait';
import { FixtureOp, shareable, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';
import { PrivateRedis } from './support/private-redis';
import { clientId, sessionOf } from './support/provider-helpers';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';

const delivery = {
  ...LOOPBACK_DELIVERY,
  backoffBaseMs: 100,
  backoffCapMs: 200,
};

describe.each(databaseCases())('outbox on %s', (_db, database) => {
  afterAll(() => database.drop());

  describe('Redis down when the logout happens', () => {
    const prefix = uniquePrefix('outbox-down');
    const redis = new PrivateRedis();
    let rp: CapturingRp;
    let op: FixtureOp;

    beforeAll(async () => {
      await redis.start();
      rp = await new CapturingRp([{ status: 200 }]).start();
      op = await startFixtureOp({
        database: await database.create(),
        prefix,
        redis: { host: '127.0.0.1', port: redis.port },
        module: { delivery, outbox: { relayIntervalMs: 200, enqueueTimeoutMs: 500 } },
      });
    });

    afterAll(async () => {
      await op?.close();
      await rp?.stop();
      await redis.dispose();
    });

    it('still completes the logout, keeps the rows pending, and the relay delivers once Redis is back', async () => {
      const id = clientId('outbox');
      const sid = await sessionOf(op, [{ clientId: id, uri: rp.url() }]);
      const queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));

      await redis.stop();
      await until(() => queue.client.status !== 'ready');

      const bcl = op.get(BackchannelLogoutService);
      const result = await bcl.logoutSession({ sid, reason: 'redis_down_test' });
      expect(result.enqueued).toBe(false);
      expect(result.deliveries).toEqual([
        expect.objectContaining({ clientId: id, status: 'pending' }),
      ]);

      // Under test is that nothing is lost or sent twice while Redis stays down, so the wait is a duration,
      // not a condition. The row is committed before the enqueue is tried: when the queue did not yet look
      // offline, the inline first attempt (which needs no Redis) may already have delivered it, once; otherwise
      // it waits, untouched, as `pending`.
      await sleep(700); // several relay passes while Redis is still down
      const audit = op.get(BackchannelLogoutAuditService);
      const [row] = (await audit.list({ logoutId: result.logoutId })).items;
      if (row.status === 'delivered') {
        expect(row.attempts).toBe(1);
        expect(rp.requests).toHaveLength(1);
      } else {
        expect(row).toMatchObject({ status: 'pending', attempts: 0 });
        expect(rp.requests).toHaveLength(0);
      }

      await redis.start();
      await rp.waitForRequests(1, 20000);
      const outcome = await bcl.waitForDeliveries(result.logoutId, 15000);
      expect(outcome).toMatchObject({
        settled: true,
        deliveries: [expect.objectContaining({ status: 'delivered' })],
      });
      expect(rp.requests).toHaveLength(1);
    });
  });

  describe('Bull jobs lost (Redis restarted without persistence), worker in another process', () => {
    const prefix = uniquePrefix('outbox-lost');
    const dir = mkdtempSync(join(tmpdir(), 'bcl-outbox-'));
    let rp: CapturingRp;
    let api: FixtureOp;
    let worker: FixtureOp | undefined;
    let shared: TestDatabaseOptions;

    beforeAll(async () => {
      rp = await new CapturingRp([{ status: 200 }]).start();
      shared = shareable(await database.create(), dir);
      api = await startFixtureOp({
        database: shared,
        prefix,
        module: { delivery, worker: false, outbox: { relayIntervalMs: 200, staleAfterMs: 0 } },
      });
    });

    afterAll(async () => {
      await worker?.close();
      await api?.close();
      await rp?.stop();
      await deleteKeysWithPrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    });

    it('re-enqueues queued rows whose job vanished; the worker process delivers; the API process sees it', async () => {
      const ids = [clientId('lost'), clientId('lost')];
      const sid = await sessionOf(
        api,
        ids.map((id) => ({ clientId: id, uri: rp.url(`/${id}`) })),
      );
      const bcl = api.get(BackchannelLogoutService);
      const result = await bcl.logoutSession({ sid });
      expect(result.enqueued).toBe(true);
      expect(result.deliveries.map((d) => d.status)).toEqual(['queued', 'queued']);

      const queue = api.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
      const jobIds = result.deliveries.map((d) => d.deliveryId);
      expect(await Promise.all(jobIds.map(async (id) => (await queue.getJob(id))?.data))).toEqual(
        jobIds.map((deliveryId) => ({ deliveryId })),
      );

      // Redis restarted with an empty dataset. The relay (200 ms) may already have put the jobs back by the
      // time we could look, so prove the loss by what was deleted, not by reading the queue afterwards.
      expect(await wipeKeysWithPrefix(prefix)).toBeGreaterThan(0);
      await until(async () =>
        (await Promise.all(jobIds.map((id) => queue.getJob(id)))).every((j) => j !== null),
      );

      // The worker runs in its own app (as a separate process would), over the same database and queue.
      worker = await startFixtureOp({
        database: shared,
        prefix,
        module: { delivery, outbox: { relayIntervalMs: 0 } },
      });
      const outcome = await bcl.waitForDeliveries(result.logoutId, 15000);
      expect(outcome.settled).toBe(true);
      expect(outcome.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
      expect(rp.requests.map((r) => r.url).sort()).toEqual(ids.map((id) => `/${id}`).sort());
    });
  });
});

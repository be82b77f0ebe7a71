import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { createServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutAuditService,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { DeliveryRepository } from '../../libs/backchannel-logout/src/provider/delivery/delivery.repository';
import { InlineDeliveryDispatcher } from '../../libs/backchannel-logout/src/provider/delivery/inline-delivery.dispatcher';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { LOOPBACK_DELIVERY, testSigningKey } from './fixtures/fixture-host.config';
import { CapturingRp } from './support/capturing-rp';
import { clientId, sessionOf } from './support/provider-helpers';

// The fallback job waits timeoutMs + 1 s: 1.5 s here.
const TIMEOUT_MS = 500;
const FALLBACK_DELAY_MS = TIMEOUT_MS + 1000;

describe.each(databaseCases())('inline dispatch on %s', (_db, database) => {
  const prefix = uniquePrefix('inline');
  let rp: CapturingRp;
  let op: FixtureOp;
  let queue: Queue;
  /** The host's key resolver fails while this is set (an HSM or key service that is down). */
  let keyUnavailable = false;

  beforeAll(async () => {
    rp = await new CapturingRp([{ status: 200 }]).start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      module: {
        delivery: {
          ...LOOPBACK_DELIVERY,
          timeoutMs: TIMEOUT_MS,
          backoffBaseMs: 100,
          backoffCapMs: 200,
        },
        signingKey: () => {
          if (keyUnavailable) throw new Error('key service unreachable');
          return { kid: 'test-key-1', alg: 'RS256', privateKey: testSigningKey() };
        },
      },
    });
    queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
  });

  afterAll(async () => {
    await op?.close();
    await rp?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  afterEach(() => jest.restoreAllMocks());

  const auditOf = async (logoutId: string) =>
    (await op.get(BackchannelLogoutAuditService).list({ logoutId })).items;

  it('delivers before the worker, records one attempt, and the fallback job later sends nothing', async () => {
    const id = clientId('inline');
    const sid = await sessionOf(op, [{ clientId: id, uri: rp.url(`/${id}`) }]);
    const sent = rp.requests.length;

    const result = await op.get(BackchannelLogoutService).logoutSession({ sid });
    expect(result.enqueued).toBe(true);
    const [deliveryId] = result.deliveries.map((d) => d.deliveryId);
    // Durable before the call returned: the row is written and its (delayed) fallback job exists.
    const job = await queue.getJob(deliveryId);
    expect(job?.opts.delay).toBe(FALLBACK_DELAY_MS);

    const outcome = await op.get(BackchannelLogoutService).waitForDeliveries(result.logoutId, 5000);
    expect(outcome.deliveries).toEqual([expect.objectContaining({ status: 'delivered' })]);
    expect(Date.now() - job!.timestamp).toBeLessThan(FALLBACK_DELAY_MS);

    // The worker takes the job after its delay, finds the row final and does nothing.
    await until(async () => Boolean((await queue.getJob(deliveryId))?.finishedOn));
    expect((await queue.getJob(deliveryId))?.returnvalue).toBe('skipped');
    expect(rp.requests.slice(sent).map((r) => r.url)).toEqual([`/${id}`]);
    expect(await auditOf(result.logoutId)).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1 }),
    ]);
  });

  it('a crash after the outbox commit, before the inline attempt, is still delivered by the worker', async () => {
    // The process dying between the enqueue and the inline attempt cannot be provoked in-process: the
    // dispatcher is made to never start the attempt, which is what the fallback job sees after a crash.
    jest.spyOn(op.get(InlineDeliveryDispatcher), 'dispatch').mockImplementation(() => undefined);
    const id = clientId('crash');
    const sid = await sessionOf(op, [{ clientId: id, uri: rp.url(`/${id}`) }]);
    const started = Date.now();

    const result = await op.get(BackchannelLogoutService).logoutSession({ sid });
    expect(result.deliveries).toEqual([expect.objectContaining({ status: 'queued' })]);
    await until(() => rp.requests.some((r) => r.url === `/${id}`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(FALLBACK_DELAY_MS);
    await until(async () => (await auditOf(result.logoutId))[0]?.status === 'delivered');
    expect(await auditOf(result.logoutId)).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1 }),
    ]);
  });

  it('tells the bounded wait which inline attempts of a logout are in flight, until their outcome is recorded', async () => {
    const held: ServerResponse[] = [];
    const slow = createServer((req, res) => {
      req.resume();
      req.on('end', () => held.push(res));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const id = clientId('held');
      const { port } = slow.address() as AddressInfo;
      const sid = await sessionOf(op, [{ clientId: id, uri: `http://127.0.0.1:${port}/bcl` }]);
      const result = await op.get(BackchannelLogoutService).logoutSession({ sid });
      const dispatcher = op.get(InlineDeliveryDispatcher);

      const settled = dispatcher.settled(result.logoutId);
      expect(settled).not.toBeNull();
      expect(dispatcher.settled(result.logoutId, [id])).toBeNull(); // an RP the wait skips
      let done = false;
      void settled!.then(() => (done = true));
      await until(() => held.length === 1);
      expect(done).toBe(false);

      held[0].writeHead(200).end();
      await settled;
      expect(await auditOf(result.logoutId)).toEqual([
        expect.objectContaining({ status: 'delivered', attempts: 1 }),
      ]);
      expect(dispatcher.settled(result.logoutId)).toBeNull();
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it("a token signed while the row is stored that cannot be signed is that attempt's outcome, then retried", async () => {
    keyUnavailable = true;
    const id = clientId('no-key');
    const sid = await sessionOf(op, [{ clientId: id, uri: rp.url(`/${id}`) }]);
    try {
      const result = await op.get(BackchannelLogoutService).logoutSession({ sid });
      await until(async () => (await auditOf(result.logoutId))[0]?.attempts === 1);
      expect(await auditOf(result.logoutId)).toEqual([
        expect.objectContaining({ status: 'retrying', errorCode: 'signing_key_unavailable' }),
      ]);
      expect(rp.requests.filter((r) => r.url === `/${id}`)).toEqual([]);
      keyUnavailable = false;
      await until(async () => (await auditOf(result.logoutId))[0]?.status === 'delivered');
      expect(rp.requests.filter((r) => r.url === `/${id}`)).toHaveLength(1);
    } finally {
      keyUnavailable = false;
    }
  });

  it('20 concurrent logout calls all store, enqueue and deliver (one SQLite connection)', async () => {
    const ids = Array.from({ length: 20 }, () => clientId('concurrent'));
    const sids = await Promise.all(
      ids.map((id, i) => sessionOf(op, [{ clientId: id, uri: rp.url(`/${id}`) }], `user-c${i}`)),
    );
    const bcl = op.get(BackchannelLogoutService);
    const results = await Promise.all(sids.map((sid) => bcl.logoutSession({ sid })));
    expect(results.map((r) => r.deliveries.length)).toEqual(ids.map(() => 1));
    await until(() => ids.every((id) => rp.requests.some((r) => r.url === `/${id}`)));
    const outcomes = await Promise.all(
      results.map((r) => bcl.waitForDeliveries(r.logoutId, 10000)),
    );
    expect(outcomes.flatMap((o) => o.deliveries.map((d) => d.status))).toEqual(
      ids.map(() => 'delivered'),
    );
  });

  it('concurrent outbox writes larger than one INSERT (one transaction each) all commit', async () => {
    const repository = op.get(DeliveryRepository);
    const write = () =>
      repository.create({
        logoutId: randomUUID(),
        reason: 'bulk',
        initiatingClientId: null,
        deliveries: Array.from({ length: 1001 }, (_, i) => ({
          clientId: `bulk-${i}`,
          uri: 'https://rp.example.test/bcl',
          sub: 'bulk-user',
          sid: null,
          failure: { code: 'client_not_found' as const, message: 'not sent' },
        })),
      });
    const written = await Promise.all([write(), write(), write()]);
    for (const rows of written) {
      expect(await repository.findByLogout(rows[0].logoutId)).toHaveLength(1001);
    }
  });
});

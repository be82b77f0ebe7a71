import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutAuditService,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { LogoutDeliveryProcessor } from '../../libs/backchannel-logout/src/provider/delivery/logout-delivery.processor';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { HoldingRp } from './support/holding-rp';
import { clientId, sessionOf } from './support/provider-helpers';

const CONCURRENCY = 2;
const RPS = 6;

describe.each(databaseCases())('worker slots on %s', (_db, database) => {
  const prefix = uniquePrefix('slots');
  let op: FixtureOp;
  let rp: HoldingRp;

  beforeAll(async () => {
    rp = await new HoldingRp().start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      // No inline first attempt: every delivery goes through the worker.
      module: {
        delivery: { ...LOOPBACK_DELIVERY, concurrency: CONCURRENCY, dispatchInline: false },
      },
    });
  });

  afterAll(async () => {
    await op?.close();
    await rp?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('holds more jobs than slots (their rows read) but never has more than delivery.concurrency requests in flight', async () => {
    const ids = Array.from({ length: RPS }, () => clientId('slot'));
    const sid = await sessionOf(
      op,
      ids.map((id) => ({ clientId: id, uri: rp.url(`/${id}`) })),
    );
    const queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    const slots = op.app.get(LogoutDeliveryProcessor).slots;
    const { logoutId } = await op.get(BackchannelLogoutService).logoutSession({ sid });

    // The RP holds its answers: the slots stay taken, and the jobs fetched meanwhile wait for one with their
    // row already read (the worker takes two jobs per slot).
    await rp.waitForArrivals(CONCURRENCY);
    await until(() => slots.queued() >= CONCURRENCY, 10_000);
    expect(await queue.getActiveCount()).toBeGreaterThanOrEqual(2 * CONCURRENCY);
    expect(slots.inUse()).toBe(CONCURRENCY);
    expect(rp.arrivals).toHaveLength(CONCURRENCY);

    rp.answerAfter(0);
    await rp.waitForArrivals(RPS);
    const audit = op.get(BackchannelLogoutAuditService);
    await until(
      async () => (await audit.list({ logoutId, status: 'delivered' })).total === RPS,
      10_000,
    );
    expect(rp.answered).toHaveLength(RPS);
    expect(slots.inUse()).toBe(0);
  });
});

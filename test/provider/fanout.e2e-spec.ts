import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { seedSession } from '../reliability/support/seed';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';

const RPS = 1000;

describe.each(databaseCases())('fan-out to %s RPs', (_db, database) => {
  const prefix = uniquePrefix('fanout');
  let op: FixtureOp;
  let rp: CapturingRp;

  beforeAll(async () => {
    rp = await new CapturingRp([{ status: 204 }]).start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      // One loopback RP behind 1 000 client registrations.
      module: { delivery: { ...LOOPBACK_DELIVERY, concurrency: 25 } },
    });
  });

  afterAll(async () => {
    await op?.close();
    await rp?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it(`stores ${RPS} deliveries, enqueues them in one Redis call, and delivers every one`, async () => {
    const sid = 'fan-session';
    await seedSession(op.dataSource, {
      label: 'fan',
      count: RPS,
      sid,
      sub: 'fan-user',
      uriOf: (clientId) => rp.url(`/bcl?client=${clientId}`),
    });

    const queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    const addBulk = jest.spyOn(queue, 'addBulk');
    const add = jest.spyOn(queue, 'add');
    const sent = jest.spyOn(queue.client, 'sendCommand');
    const bcl = op.get(BackchannelLogoutService);

    const result = await bcl.logoutSession({ sid });
    expect(result.enqueued).toBe(true);
    expect(result.deliveries).toHaveLength(RPS);
    expect(new Set(result.deliveries.map((d) => d.jti)).size).toBe(RPS);
    // One script call carries every job, instead of addBulk's one call per job: the group's name, data and
    // options once, then the ids (one argument per job, not five). A set: ioredis sends a command written
    // while it (re)connects a second time, as the same object.
    const ids = result.deliveries.map((d) => d.deliveryId);
    const scripts = new Set(
      sent.mock.calls
        .map(([command]) => command)
        .filter(
          (c) => ['eval', 'evalsha'].includes(c.name) && ids.every((id) => c.args.includes(id)),
        ),
    );
    expect(scripts.size).toBe(1);
    expect([...scripts][0].args.length).toBeLessThan(RPS + 50);
    expect(addBulk).not.toHaveBeenCalled();
    expect(add).not.toHaveBeenCalled();

    const outcome = await bcl.waitForDeliveries(result.logoutId, 120_000);
    expect(outcome.settled).toBe(true);
    expect(outcome.deliveries.filter((d) => d.status === 'delivered')).toHaveLength(RPS);
    expect(new Set(rp.requests.map((r) => r.url)).size).toBe(RPS);
  }, 180_000);
});

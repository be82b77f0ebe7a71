import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BackchannelLogoutMetricsModule,
  MassLogoutService,
} from 'nestjs-backchannel-logout';
import { In } from 'typeorm';
import { LogoutDeliveryEntity } from '../../libs/backchannel-logout/src/provider/delivery/logout-delivery.entity';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { addClients } from '../provider/fixtures/fixture-op.app';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';
import { seedSessions } from '../provider/support/mass-logout-seed';
import { CountingRp } from '../reliability/support/counting-rp';
import { OpNode, startOpNode } from '../reliability/support/op-node';
import { MetricsController } from './support/metrics.controller';
import { scrapeMetrics, valueOf } from './support/prometheus-text';

const SESSIONS = 120;
const OPEN = ['pending', 'queued', 'retrying'] as const;

describe.each(databaseCases())('mass logout metrics on %s', (_db, database) => {
  const prefix = uniquePrefix('ml-metrics');
  const rp = new CountingRp(() => 200);
  let node: OpNode;

  beforeAll(async () => {
    await rp.start();
    node = await startOpNode(
      {
        database: await database.create(),
        prefix,
        redis: testRedisOptions(),
        module: { delivery: LOOPBACK_DELIVERY },
      },
      { imports: [BackchannelLogoutMetricsModule.forRoot()], controllers: [MetricsController] },
    );
    await addClients(node.dataSource, [
      { clientId: 'mlm-a', backchannelLogoutUri: rp.url('/a') },
      { clientId: 'mlm-b', backchannelLogoutUri: rp.url('/b') },
    ]);
    await seedSessions(
      node.dataSource,
      Array.from({ length: SESSIONS }, (_, i) => ({
        sid: `mlm-${i}`,
        sub: `mlm-user-${i}`,
        clientIds: i % 2 === 0 ? ['mlm-a', 'mlm-b'] : ['mlm-b'],
      })),
    );
  }, 60_000);

  afterAll(async () => {
    await node?.close();
    await rp.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('shows a run as running while it waits, then counts its sessions and deliveries by scope', async () => {
    const before = await scrapeMetrics(node.app);
    expect(valueOf(before, 'bcl_provider_mass_logout_running')).toBe(0);
    expect(
      valueOf(before, 'bcl_provider_mass_logout_sessions_ended_total', { scope: 'client' }),
    ).toBeUndefined();

    const queue = node.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    const service = node.app.get(MassLogoutService);
    await queue.pause(true); // the run's job waits: the run stays `running`
    let id: string;
    try {
      id = (await service.start({ scope: 'client', clientId: 'mlm-a', batchSize: 25 })).id;
      const waiting = await scrapeMetrics(node.app);
      expect(valueOf(waiting, 'bcl_provider_mass_logout_running')).toBe(1);
    } finally {
      await queue.resume(true);
    }
    await until(async () => (await service.get(id))?.status === 'done', 60_000, 50);

    const after = await scrapeMetrics(node.app);
    const ended = SESSIONS / 2;
    expect(valueOf(after, 'bcl_provider_mass_logout_running')).toBe(0);
    expect(
      valueOf(after, 'bcl_provider_mass_logout_sessions_ended_total', { scope: 'client' }),
    ).toBe(ended);
    // Each ended session had both clients: two deliveries each.
    expect(
      valueOf(after, 'bcl_provider_mass_logout_deliveries_enqueued_total', { scope: 'client' }),
    ).toBe(ended * 2);
    expect(
      valueOf(after, 'bcl_provider_mass_logout_sessions_ended_total', { scope: 'all' }),
    ).toBeUndefined();
    await rp.waitForDistinct(ended * 2, 30_000);
    // Every outcome recorded before the app closes: no attempt still talking to Redis at shutdown.
    const deliveries = node.dataSource.getRepository(LogoutDeliveryEntity);
    await until(async () => (await deliveries.countBy({ status: In(OPEN) })) === 0, 30_000);
  }, 120_000);
});

import {
  BackchannelLogoutMetricsModule,
  BackchannelLogoutRpHealth,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';
import { CountingRp } from '../reliability/support/counting-rp';
import { OpNode, startOpNode } from '../reliability/support/op-node';
import { seedSession } from '../reliability/support/seed';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { MetricsController } from './support/metrics.controller';
import { scrapeMetrics, Sample, valueOf } from './support/prometheus-text';

const STATES = ['healthy', 'degraded', 'paused'];

/** The state series of one RP, in the order healthy, degraded, paused. */
function stateOf(samples: Sample[], clientId: string): Array<number | undefined> {
  return STATES.map((state) =>
    valueOf(samples, 'bcl_provider_rp_state', { client_id: clientId, state }),
  );
}

/** Issue #9: `bcl_provider_rp_state` follows each RP's health, read from Redis at scrape time. */
describe.each(databaseCases())('bcl_provider_rp_state on %s', (_db, database) => {
  const prefix = uniquePrefix('rp-state');
  const rp = new CountingRp((path) => (path.startsWith('/down') ? 500 : 200));
  let node: OpNode;

  beforeAll(async () => {
    await rp.start();
    node = await startOpNode(
      {
        database: await database.create(),
        prefix,
        redis: testRedisOptions(),
        module: {
          delivery: { ...LOOPBACK_DELIVERY, backoffBaseMs: 50, backoffCapMs: 100, attempts: 10 },
          health: { degradeAfter: 1, pauseAfter: 3, probeIntervalMs: 0 },
        },
      },
      { imports: [BackchannelLogoutMetricsModule.forRoot()], controllers: [MetricsController] },
    );
  });

  afterAll(async () => {
    await node?.close();
    await rp.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('reports 1 for each RP current state and 0 for the others, and follows a resume', async () => {
    const paths = ['/up', '/down'];
    let n = 0;
    const [up, down] = await seedSession(node.dataSource, {
      label: 'rp-state',
      count: 2,
      sid: 'rp-state-sid',
      sub: 'rp-state-user',
      uriOf: () => rp.url(paths[n++]),
    });
    await node.app.get(BackchannelLogoutService).logoutSession({ sid: 'rp-state-sid' });
    await until(async () => stateOf(await scrapeMetrics(node.app), down)[2] === 1, 15_000);
    const samples = await scrapeMetrics(node.app);
    expect(stateOf(samples, down)).toEqual([0, 0, 1]);
    expect(stateOf(samples, up)).toEqual([1, 0, 0]);

    // The RP is back (so the released delivery cannot degrade it again before the scrape).
    rp.setBehaviour(() => 200);
    await node.app.get<BackchannelLogoutRpHealth>(BackchannelLogoutRpHealth).resume(down);
    expect(stateOf(await scrapeMetrics(node.app), down)).toEqual([1, 0, 0]);
  });
});

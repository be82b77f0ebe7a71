/**
 * The sample provider (apps/provider) in its own process, configured for the bench: SQLite file, the
 * run's Redis under the run's key prefix, clients from BENCH_CLIENTS (JSON), http/loopback back-channel
 * targets allowed (every RP of the bench is on 127.0.0.1), and the end_session bounded wait from
 * BENCH_LOGOUT_WAIT_MS (the sample's default is 3000 ms); per-RP health thresholds from BENCH_RP_HEALTH (JSON).
 */
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  DEMO_USERS,
  ProviderConfig,
} from '../../apps/provider/src/config/provider-config';
import { createProviderApp } from '../../apps/provider/src/provider-app.factory';
import { freePort } from '../../test/support/services';
import { serveParent } from '../support/child-main.util';

serveParent(async () => {
  const env = process.env;
  const port = await freePort();
  const config: ProviderConfig = {
    port,
    host: '127.0.0.1',
    issuer: `http://127.0.0.1:${port}`,
    database: { type: 'better-sqlite3', database: env.BENCH_PROVIDER_DB! },
    redis: { url: env.BENCH_REDIS_URL!, prefix: env.BENCH_BULL_PREFIX! },
    admin: { user: 'admin', password: 'bench-admin-password' },
    clients: { source: 'bench', entries: JSON.parse(env.BENCH_CLIENTS ?? '[]') },
    allowInsecureBackchannel: true,
    demoUsers: DEMO_USERS,
    logoutWaitMs: Number(env.BENCH_LOGOUT_WAIT_MS ?? 3000),
    tokenTtlSeconds: DEFAULT_TOKEN_TTL_SECONDS,
    secureCookies: false,
    rpHealth: env.BENCH_RP_HEALTH ? JSON.parse(env.BENCH_RP_HEALTH) : undefined,
    // The bench signs in far more often than any person; the limits are not what it measures.
    rateLimits: {
      windowSeconds: 60,
      signIn: { perIp: 1_000_000, perAccount: 1_000_000 },
      token: { perIp: 1_000_000, perAccount: 1_000_000 },
    },
  };
  const app = await createProviderApp(config, { logger: ['error'] });
  await app.listen(port, '127.0.0.1');
  return {
    ready: { issuer: config.issuer, logoutWaitMs: config.logoutWaitMs },
    handlers: {},
    stop: () => app.close(),
  };
});

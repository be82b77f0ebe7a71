/**
 * node-oidc-provider 9 with this library's delivery (`nestjs-backchannel-logout/oidc-provider`), in its own
 * process: the same Nest host as the e2e test (test/oidc-provider/support), SQLite file, the run's Redis
 * under the run's key prefix, clients from BENCH_CLIENTS, end_session bounded wait BENCH_LOGOUT_WAIT_MS.
 * The SQLite file runs as the sample provider's does and as the README advises for SQLite hosts (WAL with
 * synchronous=FULL, apps/shared/database.options.ts); BENCH_SQLITE_WAL=0 keeps SQLite's rollback journal.
 */
import type { ClientMetadata } from 'oidc-provider';
import { databaseOptions } from '../../apps/shared/database.options';
import { redisOptionsFromUrl } from '../../apps/provider/src/backchannel/redis-url.util';
import { startOidcProviderHost } from '../../test/oidc-provider/support/oidc-provider-host.app';
import { freePort } from '../../test/support/services';
import { serveParent } from '../support/child-main.util';

serveParent(async () => {
  const env = process.env;
  const clients = (JSON.parse(env.BENCH_CLIENTS ?? '[]') as ClientMetadata[]).map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris,
    backchannel_logout_uri: c.backchannel_logout_uri,
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }));
  const host = await startOidcProviderHost({
    port: await freePort(),
    clients,
    database:
      env.BENCH_SQLITE_WAL === '0'
        ? { type: 'better-sqlite3', database: env.BENCH_PROVIDER_DB! }
        : databaseOptions(
            { type: 'better-sqlite3', database: env.BENCH_PROVIDER_DB! },
            { entities: [], migrations: [] },
          ),
    redis: redisOptionsFromUrl(env.BENCH_REDIS_URL!),
    prefix: env.BENCH_BULL_PREFIX!,
    waitMs: Number(env.BENCH_LOGOUT_WAIT_MS ?? 1000),
  });
  return { ready: { issuer: host.issuer }, handlers: {}, stop: () => host.close() };
});

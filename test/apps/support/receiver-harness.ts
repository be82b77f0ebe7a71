import { NestExpressApplication } from '@nestjs/platform-express';
import {
  ReceiverConfig,
  ReceiverDatabaseConfig,
} from '../../../apps/receiver/src/config/receiver-config';
import { createReceiverApp } from '../../../apps/receiver/src/receiver-app.factory';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/redis';
import { TestClient } from './code-flow';

export interface RunningReceiver {
  app: NestExpressApplication;
  config: ReceiverConfig;
  url: string;
  client: TestClient;
  /** Closes the app and deletes its Redis keys. */
  close(): Promise<void>;
}

export interface ReceiverPlan {
  port: number;
  client: TestClient;
  backchannelPath: string;
}

/** Ports and client registration of a receiver, known before the provider starts. */
export function planReceiver(
  port: number,
  clientId: string,
  backchannelPath = '/backchannel-logout',
): ReceiverPlan {
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    backchannelPath,
    client: {
      client_id: clientId,
      client_secret: `${clientId}-secret-0123456789`,
      redirect_uris: [`${url}/callback`],
      post_logout_redirect_uris: [`${url}/logout/callback`],
      backchannel_logout_uri: `${url}${backchannelPath}`,
      backchannel_logout_session_required: true,
    },
  };
}

/** The sample receiver's config for a plan: SQLite in memory unless told, Redis under a prefix of its own. */
export function receiverTestConfig(
  plan: ReceiverPlan,
  issuer: string,
  database: ReceiverDatabaseConfig = { type: 'better-sqlite3', database: ':memory:' },
): ReceiverConfig {
  return {
    port: plan.port,
    host: '127.0.0.1',
    baseUrl: `http://127.0.0.1:${plan.port}`,
    issuerBaseUrl: issuer,
    clientId: plan.client.client_id,
    clientSecret: plan.client.client_secret,
    backchannelPath: plan.backchannelPath,
    redis: { url: testRedisUrl(), prefix: uniquePrefix(`rp-${plan.client.client_id}`) },
    database,
    sessionCookieName: `rp_${plan.client.client_id}`,
    secureCookies: false,
    pollIntervalMs: 200,
  };
}

/** Boots the real receiver app in-process on the plan's port. */
export async function startReceiver(
  plan: ReceiverPlan,
  issuer: string,
  database?: ReceiverDatabaseConfig,
): Promise<RunningReceiver> {
  const config = receiverTestConfig(plan, issuer, database);
  const app = await createReceiverApp(config, { logger: false });
  await app.listen(plan.port, '127.0.0.1');
  const close = async () => {
    await app.close();
    await deleteKeysWithPrefix(config.redis.prefix);
  };
  return { app, config, url: config.baseUrl, client: plan.client, close };
}

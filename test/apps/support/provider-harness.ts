import { getQueueToken } from '@nestjs/bull';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import { createProviderApp } from '../../../apps/provider/src/provider-app.factory';
import {
  ClientRegistrationInput,
  DEFAULT_TOKEN_TTL_SECONDS,
  DEMO_USERS,
  ProviderConfig,
  ProviderDatabaseConfig,
  RateLimits,
} from '../../../apps/provider/src/config/provider-config';
import { workerConnected } from '../../support/queue';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/redis';
import { freePort } from '../../support/services';

export interface RunningProvider {
  app: NestExpressApplication;
  config: ProviderConfig;
  issuer: string;
  /** Closes the app and deletes its Redis keys. */
  close(): Promise<void>;
}

export interface ProviderOverrides {
  database?: ProviderDatabaseConfig;
  clients?: ClientRegistrationInput[];
  logoutWaitMs?: number;
  tokenTtlSeconds?: Partial<ProviderConfig['tokenTtlSeconds']>;
  rpHealth?: ProviderConfig['rpHealth'];
  /** Tight limits for the rate-limit tests; other suites sign in far more often than a person does. */
  rateLimits?: RateLimits;
  /** As for an https issuer (the agents send cookies whatever their Secure flag). */
  secureCookies?: boolean;
  sessionLifetime?: ProviderConfig['sessionLifetime'];
}

const GENEROUS = { perIp: 100_000, perAccount: 100_000 };
export const TEST_RATE_LIMITS: RateLimits = {
  windowSeconds: 60,
  signIn: GENEROUS,
  token: GENEROUS,
};

export const ADMIN = { user: 'admin', password: 'admin-test-password' };

/** The test provider's RFC 7591 initial access token (POST /register). */
export const REGISTRATION_ACCESS_TOKEN = 'test-initial-access-token-0123456789';

export function providerTestConfig(
  port: number,
  overrides: ProviderOverrides = {},
): ProviderConfig {
  const issuer = `http://127.0.0.1:${port}`;
  return {
    port,
    host: '127.0.0.1',
    issuer,
    database: overrides.database ?? { type: 'better-sqlite3', database: ':memory:' },
    redis: { url: testRedisUrl(), prefix: uniquePrefix('provider') },
    admin: ADMIN,
    clients: { source: 'test', entries: overrides.clients ?? [] },
    allowInsecureBackchannel: true,
    demoUsers: DEMO_USERS,
    logoutWaitMs: overrides.logoutWaitMs ?? 3000,
    tokenTtlSeconds: { ...DEFAULT_TOKEN_TTL_SECONDS, ...overrides.tokenTtlSeconds },
    secureCookies: overrides.secureCookies ?? false,
    registrationAccessToken: REGISTRATION_ACCESS_TOKEN,
    rateLimits: overrides.rateLimits ?? TEST_RATE_LIMITS,
    sessionLifetime: overrides.sessionLifetime,
    rpHealth: overrides.rpHealth,
  };
}

/** Boots the real provider app in-process on a free loopback port, under a Redis prefix of its own. */
export async function startProvider(overrides: ProviderOverrides = {}): Promise<RunningProvider> {
  const port = await freePort();
  const config = providerTestConfig(port, overrides);
  const app = await createProviderApp(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  await workerConnected(app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE)));
  const close = async () => {
    await app.close();
    await deleteKeysWithPrefix(config.redis.prefix);
  };
  return { app, config, issuer: config.issuer, close };
}

import { BullModule, getQueueToken } from '@nestjs/bull';
import { INestApplication, Module } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { Server } from 'node:http';
import Provider, { type ClientMetadata, type JWK } from 'oidc-provider';
import {
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  BACKCHANNEL_LOGOUT_ENTITIES,
  BACKCHANNEL_LOGOUT_MIGRATIONS,
  BackchannelLogoutModule,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { BackchannelLogoutDeliveryOptions } from '../../../libs/backchannel-logout/src/provider/backchannel-logout-options.interface';
import {
  OidcProviderBackchannelLogout,
  OidcProviderInstance,
} from 'nestjs-backchannel-logout/oidc-provider';
import { TestDatabaseOptions } from '../../support/databases';
import { workerConnected } from '../../support/queue';

// Its start-up advice (development adapter and interactions: on purpose here) would bury the test output.
for (const level of ['info', 'warn'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (!/^oidc-provider (WARNING|NOTICE)/.test(String(args[0]))) original(...args);
  };
}

/** How {@link startOidcProviderHost} builds the host. */
export interface OidcProviderHostOptions {
  readonly port: number;
  readonly clients: readonly ClientMetadata[];
  /** A test database, or full TypeORM options (the bench passes the sample apps' SQLite settings). */
  readonly database: TestDatabaseOptions | TypeOrmModuleOptions;
  readonly redis: { host: string; port: number };
  /** Bull key prefix (unique per test run). */
  readonly prefix: string;
  /** The bounded wait of end_session, per RP, in ms. */
  readonly waitMs: number;
  /** Merged over loopback-friendly defaults (http and private targets allowed: tests and benches only). */
  readonly delivery?: BackchannelLogoutDeliveryOptions;
}

export interface OidcProviderHost {
  readonly app: INestApplication;
  readonly provider: Provider;
  readonly bridge: OidcProviderBackchannelLogout;
  /** `http://127.0.0.1:<port>/oidc` */
  readonly issuer: string;
  close(): Promise<void>;
}

/** An RSA private JWK with a kid, as a node-oidc-provider host configures `jwks`. */
export function opSigningJwk(kid = 'op-key-1'): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig' } as JWK;
}

/**
 * An identity platform built on node-oidc-provider 9: the provider is mounted in a Nest app under /oidc
 * the way nest-oidc-provider mounts it (its Koa callback as Express middleware, Nest's body parser off so
 * node-oidc-provider reads the bodies), and its back-channel logouts go through the library
 * (`nestjs-backchannel-logout/oidc-provider`), with the deliveries in `database` and Bull on `redis`.
 * devInteractions sign in any account id; pairwise subjects are on (sub = sha256(client, account)).
 */
export async function startOidcProviderHost(o: OidcProviderHostOptions): Promise<OidcProviderHost> {
  const issuer = `http://127.0.0.1:${o.port}/oidc`;
  const jwks = { keys: [opSigningJwk()] };
  const provider = new Provider(issuer, {
    clients: [...o.clients],
    jwks,
    cookies: { keys: ['oidc-provider-host-cookie-key-0123456789'] },
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      createHash('sha256').update(`${client.clientId}|${accountId}`).digest('base64url'),
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  });
  const bridge = new OidcProviderBackchannelLogout(provider as unknown as OidcProviderInstance, {
    jwks,
    waitMs: o.waitMs,
  });

  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...o.database,
        entities: [...BACKCHANNEL_LOGOUT_ENTITIES],
        migrations: [...BACKCHANNEL_LOGOUT_MIGRATIONS],
        migrationsRun: true,
        logging: false,
      }),
      BullModule.forRoot({ redis: o.redis, prefix: o.prefix }),
      BackchannelLogoutModule.forRoot({
        ...bridge.moduleOptions(),
        delivery: { allowHttp: true, allowPrivateNetworks: true, ...o.delivery },
      }),
    ],
  })
  class OidcProviderHostModule {}

  const moduleRef = await Test.createTestingModule({ imports: [OidcProviderHostModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger: false,
    bodyParser: false,
  });
  // Before init: Nest appends its not-found handler at init, after which a mounted app would be unreachable.
  app.use('/oidc', provider.callback());
  await app.init();
  bridge.attach(app.get(BackchannelLogoutService));
  await workerConnected(app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE)));
  const server: Server = await app.listen(o.port, '127.0.0.1');
  return {
    app,
    provider,
    bridge,
    issuer,
    close: async () => {
      bridge.detach();
      server.closeAllConnections();
      await app.close();
    },
  };
}

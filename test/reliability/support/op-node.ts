import { BullModule } from '@nestjs/bull';
import { INestApplication, LoggerService, LogLevel, Module, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AdvancedSettings } from 'bull';
import { createPrivateKey, KeyObject } from 'node:crypto';
import { BackchannelLogoutModule, BackchannelLogoutModuleOptions } from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import {
  FIXTURE_CLIENTS,
  FIXTURE_ENTITIES,
  FIXTURE_MIGRATIONS,
  ISSUER,
  testSigningKey,
} from '../../provider/fixtures/fixture-host.config';
import type { TestDatabaseOptions } from '../../support/databases';

/**
 * Everything an OP node needs, as plain JSON, so the same node can run in the test process or in a child
 * process (`op-worker.main.ts`): an API node (`worker: false`) and any number of worker nodes share one
 * database and one Bull queue.
 */
export interface OpNodeConfig {
  readonly database: TestDatabaseOptions;
  readonly prefix: string;
  /** `retryStrategy` only in-process (a worker process gets host and port as JSON). */
  readonly redis: { host: string; port: number; retryStrategy?: (times: number) => number };
  /** Merged over the defaults (issuer, key, the fixture client entity). */
  readonly module?: Partial<BackchannelLogoutModuleOptions>;
  /** Bull's queue settings (lockDuration, stalledInterval, maxStalledCount...). */
  readonly bull?: AdvancedSettings;
  /** PEM of the signing key (children get the parent's, so every node signs alike). */
  readonly privateKeyPem?: string;
  /** Run the migrations (only one node of a shared database should). Default true. */
  readonly migrate?: boolean;
}

export interface OpNode {
  readonly app: INestApplication;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/** The process's test key, or the one in `pem` (so a child signs as its parent). */
export function opSigningKey(pem?: string): KeyObject {
  return pem ? createPrivateKey(pem) : testSigningKey();
}

/** Starts an OP node: TypeORM (migrations), Bull on the given Redis with the given settings, the module. */
export async function startOpNode(
  config: OpNodeConfig,
  extra: {
    imports?: ModuleMetadata['imports'];
    controllers?: ModuleMetadata['controllers'];
    logger?: LoggerService | LogLevel[] | false;
  } = {},
): Promise<OpNode> {
  const privateKey = opSigningKey(config.privateKeyPem);
  const options: BackchannelLogoutModuleOptions = {
    issuer: ISSUER,
    signingKey: { kid: 'reliability-key', alg: 'RS256', privateKey },
    clients: FIXTURE_CLIENTS,
    ...config.module,
  };
  const sqlite = config.database.type === 'better-sqlite3';
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...config.database,
        entities: FIXTURE_ENTITIES,
        migrations: FIXTURE_MIGRATIONS,
        migrationsRun: config.migrate ?? true,
        logging: false,
        // Several processes on one SQLite file: WAL and a generous busy timeout.
        ...(sqlite ? { enableWAL: true, timeout: 20000 } : { extra: { max: 10 } }),
      }),
      BullModule.forRoot({ redis: config.redis, prefix: config.prefix, settings: config.bull }),
      BackchannelLogoutModule.forRoot(options),
      ...(extra.imports ?? []),
    ],
    controllers: extra.controllers ?? [],
  })
  class OpNodeModule {}

  const app = await NestFactory.create(OpNodeModule, {
    logger: extra.logger ?? false,
    abortOnError: false,
  });
  await app.init();
  return { app, dataSource: app.get(DataSource), close: () => app.close() };
}

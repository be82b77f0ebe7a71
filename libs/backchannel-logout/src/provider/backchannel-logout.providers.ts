import { getQueueToken } from '@nestjs/bull';
import { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BACKCHANNEL_LOGOUT_CONFIG,
  BackchannelLogoutConfig,
  resolveBackchannelLogoutConfig,
} from './backchannel-logout.config';
import { BACKCHANNEL_LOGOUT_MODULE_OPTIONS } from './backchannel-logout.module-definition';
import { BackchannelLogoutModuleOptions } from './backchannel-logout-options.interface';
import { BCL_DATA_SOURCE, BCL_QUEUE } from './backchannel-logout.tokens';
import { BackchannelLogoutClientStore } from './clients/client-store.interface';
import { TypeOrmClientStore } from './clients/typeorm-client.store';
import { BackchannelLogoutSessionRegistry } from './sessions/session-registry.interface';
import { TypeOrmSessionRegistry } from './sessions/typeorm-session.registry';

/** Options → resolved config, once. */
export const configProvider: Provider = {
  provide: BACKCHANNEL_LOGOUT_CONFIG,
  useFactory: (options: BackchannelLogoutModuleOptions) => resolveBackchannelLogoutConfig(options),
  inject: [BACKCHANNEL_LOGOUT_MODULE_OPTIONS],
};

/** The port implementations chosen by the options. */
export const portProviders: Provider[] = [
  {
    provide: BackchannelLogoutClientStore,
    useFactory: (config: BackchannelLogoutConfig, dataSource: DataSource, moduleRef: ModuleRef) => {
      const source = config.clients;
      if ('entity' in source) return new TypeOrmClientStore(dataSource, source);
      if ('useExisting' in source) {
        return moduleRef.get<BackchannelLogoutClientStore>(source.useExisting, { strict: false });
      }
      return source;
    },
    inject: [BACKCHANNEL_LOGOUT_CONFIG, BCL_DATA_SOURCE, ModuleRef],
  },
  {
    provide: BackchannelLogoutSessionRegistry,
    useFactory: (config: BackchannelLogoutConfig, dataSource: DataSource, moduleRef: ModuleRef) => {
      const source = config.sessions;
      if (!source) return new TypeOrmSessionRegistry(dataSource);
      if ('useExisting' in source) {
        return moduleRef.get<BackchannelLogoutSessionRegistry>(source.useExisting, {
          strict: false,
        });
      }
      return source;
    },
    inject: [BACKCHANNEL_LOGOUT_CONFIG, BCL_DATA_SOURCE, ModuleRef],
  },
];

/** Aliases that depend on the module extras (queue name, data source name). */
export function infrastructureProviders(queueName: string, dataSource?: string): Provider[] {
  return [
    { provide: BCL_QUEUE, useExisting: getQueueToken(queueName) },
    { provide: BCL_DATA_SOURCE, useExisting: getDataSourceToken(dataSource) },
  ];
}

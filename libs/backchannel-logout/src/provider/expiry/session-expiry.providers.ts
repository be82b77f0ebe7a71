import { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE } from '../backchannel-logout.tokens';
import { TypeOrmSessionActivityStore } from '../sessions/typeorm-session-activity.store';
import { SessionExpirySource } from './session-expiry-source.interface';
import { SessionExpiryRunner } from './session-expiry.runner';
import { SessionExpiryScheduler } from './session-expiry.scheduler';
import { BCL_EXPIRY_SOURCES, BCL_SESSION_ACTIVITY_STORE } from './session-expiry.tokens';
import { SessionLifecycleService } from './session-lifecycle.service';

/** The providers of session lifetimes and expiry (added to the provider module). */
export const sessionExpiryProviders: Provider[] = [
  {
    provide: BCL_SESSION_ACTIVITY_STORE,
    useFactory: (config: BackchannelLogoutConfig, dataSource: DataSource) =>
      new TypeOrmSessionActivityStore(dataSource, config.sessionLifetime),
    inject: [BACKCHANNEL_LOGOUT_CONFIG, BCL_DATA_SOURCE],
  },
  {
    provide: SessionExpirySource,
    useFactory: (
      config: BackchannelLogoutConfig,
      store: TypeOrmSessionActivityStore,
      moduleRef: ModuleRef,
    ) => {
      const source = config.sessionLifetime.source;
      if (!source) return store;
      if ('useExisting' in source)
        return moduleRef.get<SessionExpirySource>(source.useExisting, { strict: false });
      return source;
    },
    inject: [BACKCHANNEL_LOGOUT_CONFIG, BCL_SESSION_ACTIVITY_STORE, ModuleRef],
  },
  {
    provide: BCL_EXPIRY_SOURCES,
    useFactory: (
      config: BackchannelLogoutConfig,
      store: TypeOrmSessionActivityStore,
      source: SessionExpirySource,
    ): SessionExpirySource[] => {
      const { idleMs, absoluteMs } = config.sessionLifetime;
      const builtIn = idleMs !== null || absoluteMs !== null ? [store] : [];
      return source === store ? builtIn : [...builtIn, source];
    },
    inject: [BACKCHANNEL_LOGOUT_CONFIG, BCL_SESSION_ACTIVITY_STORE, SessionExpirySource],
  },
  SessionExpiryRunner,
  SessionExpiryScheduler,
  SessionLifecycleService,
];

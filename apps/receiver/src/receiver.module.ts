import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { BackchannelLogoutReceiverModule } from 'nestjs-backchannel-logout';
import { AuthController } from './auth/auth.controller';
import { ReceiverConfig } from './config/receiver-config';
import { RECEIVER_CONFIG } from './config/receiver-config.token';
import { receiverDatabaseOptions } from './database/receiver-database.options';
import { OidcClientService } from './oidc/oidc-client.service';
import { OpsModule } from './ops/ops.module';
import { HomeController } from './pages/home.controller';
import {
  RECEIVER_REDIS,
  ReceiverRedisCloser,
  receiverRedisProvider,
} from './redis/receiver-redis.provider';
import { backchannelReceiverOptions } from './session/backchannel-receiver.options';
import {
  RECEIVER_SESSION_STORE,
  receiverSessionStoreProvider,
} from './session/session-store.provider';

/** Config, Redis and the session store, shared with the library's receiver module. */
@Module({})
class ReceiverInfrastructureModule {
  static forRoot(config: ReceiverConfig): DynamicModule {
    return {
      module: ReceiverInfrastructureModule,
      global: true,
      providers: [
        { provide: RECEIVER_CONFIG, useValue: config },
        receiverRedisProvider,
        receiverSessionStoreProvider,
        ReceiverRedisCloser,
      ],
      exports: [RECEIVER_CONFIG, RECEIVER_REDIS, RECEIVER_SESSION_STORE],
    };
  }
}

/** The sample relying party. */
@Module({})
export class ReceiverModule {
  static forRoot(config: ReceiverConfig): DynamicModule {
    return {
      module: ReceiverModule,
      imports: [
        ReceiverInfrastructureModule.forRoot(config),
        TypeOrmModule.forRoot(receiverDatabaseOptions(config.database)),
        BackchannelLogoutReceiverModule.forRootAsync({
          path: config.backchannelPath.replace(/^\/+/, ''),
          inject: [RECEIVER_CONFIG, RECEIVER_REDIS, RECEIVER_SESSION_STORE, getDataSourceToken()],
          useFactory: backchannelReceiverOptions,
        }),
        OpsModule,
      ],
      controllers: [HomeController, AuthController],
      providers: [OidcClientService],
    };
  }
}

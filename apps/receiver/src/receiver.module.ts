import { DynamicModule, Module } from '@nestjs/common';
import { AuthController } from './auth/auth.controller';
import { ReceiverConfig } from './config/receiver-config';
import { RECEIVER_CONFIG } from './config/receiver-config.token';
import { OidcClientService } from './oidc/oidc-client.service';
import { HomeController } from './pages/home.controller';
import {
  ReceiverRedisCloser,
  receiverRedisProvider,
  RECEIVER_REDIS,
} from './redis/receiver-redis.provider';
import { SessionLinkService } from './session/session-link.service';

/** The sample relying party. */
@Module({})
export class ReceiverModule {
  static forRoot(config: ReceiverConfig): DynamicModule {
    return {
      module: ReceiverModule,
      controllers: [HomeController, AuthController],
      providers: [
        { provide: RECEIVER_CONFIG, useValue: config },
        receiverRedisProvider,
        ReceiverRedisCloser,
        OidcClientService,
        SessionLinkService,
      ],
      exports: [RECEIVER_REDIS],
    };
  }
}

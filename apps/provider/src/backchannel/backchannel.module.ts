import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { BackchannelLogoutModule } from 'nestjs-backchannel-logout';
import { ProviderConfig } from '../config/provider-config';
import { PROVIDER_CONFIG } from '../config/provider-config.token';
import { SigningKeyService } from '../keys/signing-key.service';
import { backchannelLogoutOptions } from './backchannel.options';
import { redisOptionsFromUrl } from './redis-url.util';

/** Bull on the provider's Redis, and the library's provider module on top of it (global). */
@Module({})
export class BackchannelModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    return {
      module: BackchannelModule,
      imports: [
        BullModule.forRoot({
          redis: redisOptionsFromUrl(config.redis.url),
          prefix: config.redis.prefix,
        }),
        BackchannelLogoutModule.forRootAsync({
          isGlobal: true,
          inject: [PROVIDER_CONFIG, SigningKeyService],
          useFactory: backchannelLogoutOptions,
        }),
      ],
    };
  }
}

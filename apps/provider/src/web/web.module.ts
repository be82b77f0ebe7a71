import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ProviderConfig } from '../config/provider-config';
import { PROVIDER_CONFIG } from '../config/provider-config.token';
import { AssetsController } from './assets.controller';
import { CsrfGuard } from './csrf.guard';
import { CsrfService } from './csrf.service';
import { RateLimitGuard } from './rate-limit.guard';
import { rateLimitOptions } from './rate-limit.options';

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [PROVIDER_CONFIG],
      useFactory: (config: ProviderConfig) => rateLimitOptions(config),
    }),
  ],
  controllers: [AssetsController],
  providers: [CsrfService, CsrfGuard, RateLimitGuard],
  exports: [CsrfService, CsrfGuard, RateLimitGuard],
})
export class WebModule {}

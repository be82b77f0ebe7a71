import { DynamicModule, Global, Module } from '@nestjs/common';
import { ProviderConfig } from './provider-config';
import { PROVIDER_CONFIG } from './provider-config.token';

@Global()
@Module({})
export class ProviderConfigModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    return {
      module: ProviderConfigModule,
      providers: [{ provide: PROVIDER_CONFIG, useValue: config }],
      exports: [PROVIDER_CONFIG],
    };
  }
}

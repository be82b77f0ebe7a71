import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { BackchannelModule } from './backchannel/backchannel.module';
import { ProviderConfig } from './config/provider-config';
import { ProviderConfigModule } from './config/provider-config.module';
import { PersistenceModule } from './database/persistence.module';
import { KeysModule } from './keys/keys.module';
import { OidcModule } from './oidc/oidc.module';
import { OpsModule } from './ops/ops.module';
import { WebModule } from './web/web.module';

/** The sample OpenID provider, configured once from a `ProviderConfig`. */
@Module({})
export class ProviderModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    return {
      module: ProviderModule,
      imports: [
        ProviderConfigModule.forRoot(config),
        PersistenceModule.forRoot(config.database),
        KeysModule,
        BackchannelModule.forRoot(config),
        WebModule,
        OidcModule,
        AdminModule,
        OpsModule,
      ],
    };
  }
}

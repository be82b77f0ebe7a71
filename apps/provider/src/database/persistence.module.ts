import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProviderDatabaseConfig } from '../config/provider-config';
import { providerDatabaseOptions } from './database-options';
import { PROVIDER_ENTITIES } from './provider-entities';

/** The provider's TypeORM connection (schema by migrations) and its repositories. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(database: ProviderDatabaseConfig): DynamicModule {
    const feature = TypeOrmModule.forFeature(PROVIDER_ENTITIES);
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot(providerDatabaseOptions(database)), feature],
      exports: [feature],
    };
  }
}

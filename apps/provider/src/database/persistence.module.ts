import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from '../../../shared/database.options';
import { ProviderDatabaseConfig } from '../config/provider-config';
import { ALL_ENTITIES, PROVIDER_ENTITIES } from './provider-entities';
import { PROVIDER_MIGRATIONS } from './provider-migrations';

/**
 * The provider's TypeORM connection (its entities and migrations plus the library's; schema by
 * migrations) and its repositories.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(database: ProviderDatabaseConfig): DynamicModule {
    const feature = TypeOrmModule.forFeature(PROVIDER_ENTITIES);
    const options = databaseOptions(database, {
      entities: ALL_ENTITIES,
      migrations: PROVIDER_MIGRATIONS,
    });
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot(options), feature],
      exports: [feature],
    };
  }
}

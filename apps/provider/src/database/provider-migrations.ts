import { CreateProviderTables1700000000000 } from './migrations/1700000000000-create-provider-tables';

/** In timestamp order; TypeORM sorts by the 13-digit suffix anyway. */
export const PROVIDER_MIGRATIONS = [CreateProviderTables1700000000000];

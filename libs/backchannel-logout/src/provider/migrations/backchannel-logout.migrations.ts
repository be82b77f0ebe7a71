import { MigrationInterface } from 'typeorm';
import { BackchannelLogoutTables1764460800000 } from './backchannel-logout-tables.migration';
import { BackchannelLogoutSessionActivity1764547200000 } from './session-activity.migration';

/**
 * The migrations of the library's own tables; add them to the host DataSource's `migrations`.
 *
 * @example
 * new DataSource({ ..., migrations: [...BACKCHANNEL_LOGOUT_MIGRATIONS, AddClientColumns, ...] })
 */
export const BACKCHANNEL_LOGOUT_MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [
  BackchannelLogoutTables1764460800000,
  BackchannelLogoutSessionActivity1764547200000,
];

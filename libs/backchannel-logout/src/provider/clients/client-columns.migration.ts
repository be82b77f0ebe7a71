import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { BACKCHANNEL_LOGOUT_URI_MAX_LENGTH } from '../../common/registration/logout-uri.rules';
import { BACKCHANNEL_LOGOUT_CLIENT_COLUMNS } from './client-columns.decorators';

/** Options of {@link createBackchannelLogoutClientColumnsMigration}. */
export interface ClientColumnsMigrationOptions {
  /** 13-digit timestamp that ends the migration name (TypeORM orders migrations by it). Default 1764460800001. */
  timestamp?: number;
  /** Column names, when the decorators were given other names. */
  uriColumn?: string;
  sessionRequiredColumn?: string;
}

/**
 * A TypeORM migration that adds `backchannel_logout_uri` (nullable varchar 2048) and
 * `backchannel_logout_session_required` (boolean, default false) to the host's existing client table, and
 * drops them on `down`. Existing rows are kept and get the defaults. Works on SQLite and PostgreSQL.
 *
 * @example
 * export const AddBackchannelLogoutToClients = createBackchannelLogoutClientColumnsMigration('oauth_client');
 * // DataSource: migrations: [...BACKCHANNEL_LOGOUT_MIGRATIONS, AddBackchannelLogoutToClients]
 */
export function createBackchannelLogoutClientColumnsMigration(
  tableName: string,
  options: ClientColumnsMigrationOptions = {},
): new () => MigrationInterface {
  const timestamp = options.timestamp ?? 1764460800001;
  if (!/^\d{13}$/.test(String(timestamp))) {
    throw new Error(`timestamp must have 13 digits (milliseconds), got ${timestamp}`);
  }
  const uri = options.uriColumn ?? BACKCHANNEL_LOGOUT_CLIENT_COLUMNS.uri;
  const required =
    options.sessionRequiredColumn ?? BACKCHANNEL_LOGOUT_CLIENT_COLUMNS.sessionRequired;
  const name = `BackchannelLogoutClientColumns${timestamp}`;

  const migration = class implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      const driver = queryRunner.connection.driver;
      // The driver's own rendering of `default: false` ('0' on SQLite, 'false' on PostgreSQL), as the
      // entity decorator produces it, so the schema matches the entity exactly.
      const falseDefault = driver.normalizeDefault({
        default: false,
        type: Boolean,
      } as Parameters<typeof driver.normalizeDefault>[0]);
      await queryRunner.addColumns(tableName, [
        new TableColumn({
          name: uri,
          type: 'varchar',
          length: String(BACKCHANNEL_LOGOUT_URI_MAX_LENGTH),
          isNullable: true,
        }),
        new TableColumn({
          name: required,
          type: driver.normalizeType({ type: Boolean }),
          isNullable: false,
          default: falseDefault,
        }),
      ]);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropColumns(tableName, [required, uri]);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

function dateType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
}

/** The sample provider's own tables (the library's come from its own migrations). */
export class CreateProviderTables1700000000000 implements MigrationInterface {
  name = 'CreateProviderTables1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = dateType(queryRunner);
    const now = 'CURRENT_TIMESTAMP';
    const varchar = (name: string, length: number, extra: Partial<TableColumnOptions> = {}) =>
      ({ name, type: 'varchar', length: String(length), ...extra }) as TableColumnOptions;

    await queryRunner.createTable(
      new Table({
        name: 'oidc_client',
        columns: [
          varchar('client_id', 255, { isPrimary: true }),
          varchar('client_name', 255, { isNullable: true }),
          varchar('client_secret_hash', 128),
          { name: 'redirect_uris', type: 'text' },
          { name: 'post_logout_redirect_uris', type: 'text' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: date, default: now },
          { name: 'updated_at', type: date, default: now },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oidc_user',
        columns: [
          varchar('id', 64, { isPrimary: true }),
          varchar('username', 100, { isUnique: true }),
          varchar('password_hash', 255),
          varchar('name', 255),
          varchar('email', 255),
          { name: 'disabled', type: 'boolean', default: false },
          { name: 'created_at', type: date, default: now },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'op_session',
        columns: [
          varchar('id', 64, { isPrimary: true }),
          varchar('sid', 255),
          varchar('user_id', 64),
          { name: 'auth_time', type: date },
          { name: 'created_at', type: date, default: now },
          { name: 'ended_at', type: date, isNullable: true },
          varchar('end_reason', 64, { isNullable: true }),
        ],
        indices: [
          { name: 'IDX_op_session_sid', columnNames: ['sid'], isUnique: true },
          { name: 'IDX_op_session_user', columnNames: ['user_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oidc_authorization_code',
        columns: [
          varchar('code_hash', 64, { isPrimary: true }),
          varchar('client_id', 255),
          varchar('user_id', 64),
          varchar('sid', 255),
          { name: 'redirect_uri', type: 'text' },
          varchar('scope', 512),
          { name: 'nonce', type: 'text', isNullable: true },
          varchar('code_challenge', 128),
          { name: 'auth_time', type: date },
          { name: 'expires_at', type: date },
          { name: 'consumed_at', type: date, isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oidc_refresh_token',
        columns: [
          varchar('token_hash', 64, { isPrimary: true }),
          varchar('client_id', 255),
          varchar('user_id', 64),
          varchar('sid', 255),
          varchar('scope', 512),
          { name: 'offline_access', type: 'boolean' },
          { name: 'auth_time', type: date },
          { name: 'expires_at', type: date },
          { name: 'revoked_at', type: date, isNullable: true },
          { name: 'created_at', type: date, default: now },
        ],
        indices: [{ name: 'IDX_oidc_refresh_token_sid', columnNames: ['sid'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'provider_secret',
        columns: [
          varchar('name', 64, { isPrimary: true }),
          { name: 'value', type: 'text' },
          { name: 'created_at', type: date, default: now },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'provider_secret',
      'oidc_refresh_token',
      'oidc_authorization_code',
      'op_session',
      'oidc_user',
      'oidc_client',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

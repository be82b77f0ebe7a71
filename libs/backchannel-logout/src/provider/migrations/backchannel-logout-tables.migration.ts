import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

// The column type the entities get from `type: Date` on this driver, so the schema a migration builds is the
// schema the entities expect (no drift, no `synchronize`).
function dateType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.normalizeType({ type: Date });
}

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

/**
 * Creates the library's own tables: `bcl_session_participant` (session registry) and `bcl_delivery`
 * (outbox and audit). Reversible; works on SQLite and PostgreSQL. Listed in `BACKCHANNEL_LOGOUT_MIGRATIONS`.
 */
export class BackchannelLogoutTables1764460800000 implements MigrationInterface {
  readonly name = 'BackchannelLogoutTables1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = dateType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'bcl_session_participant',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('sid', 255, true),
          varchar('sub', 255),
          varchar('client_id', 255),
          { name: 'created_at', type: date },
        ],
        indices: [
          new TableIndex({ name: 'IDX_bcl_session_participant_sid', columnNames: ['sid'] }),
          new TableIndex({ name: 'IDX_bcl_session_participant_sub', columnNames: ['sub'] }),
          new TableIndex({
            name: 'UQ_bcl_session_participant_sid_client',
            columnNames: ['sid', 'client_id'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bcl_delivery',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('logout_id', 36),
          varchar('jti', 64),
          varchar('client_id', 255),
          varchar('uri', 2048),
          varchar('sub', 255, true),
          varchar('sid', 255, true),
          varchar('reason', 64, true),
          varchar('initiating_client_id', 255, true),
          varchar('status', 16),
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_http_status', type: 'integer', isNullable: true },
          varchar('error_code', 64, true),
          varchar('error_message', 1024, true),
          { name: 'token_issued_at', type: date, isNullable: true },
          { name: 'created_at', type: date },
          { name: 'updated_at', type: date },
          { name: 'last_attempt_at', type: date, isNullable: true },
          { name: 'delivered_at', type: date, isNullable: true },
          { name: 'duration_ms', type: 'integer', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_bcl_delivery_logout', columnNames: ['logout_id'] }),
          new TableIndex({
            name: 'IDX_bcl_delivery_status_updated',
            columnNames: ['status', 'updated_at'],
          }),
          new TableIndex({
            name: 'IDX_bcl_delivery_client_created',
            columnNames: ['client_id', 'created_at'],
          }),
          new TableIndex({ name: 'IDX_bcl_delivery_created', columnNames: ['created_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bcl_delivery');
    await queryRunner.dropTable('bcl_session_participant');
  }
}

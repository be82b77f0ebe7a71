import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const varchar = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'varchar',
  ...extra,
});
const bigint = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'bigint',
  ...extra,
});

/**
 * Creates the receiver's three tables (same schema as `BACKCHANNEL_RECEIVER_ENTITIES`), for hosts that run
 * migrations instead of `synchronize`: `migrations: [..., BackchannelReceiverTables1790000000000]`.
 */
export class BackchannelReceiverTables1790000000000 implements MigrationInterface {
  name = 'BackchannelReceiverTables1790000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bcl_receiver_replay',
        columns: [
          varchar('iss', { isPrimary: true }),
          varchar('jti_digest', { length: '64', isPrimary: true }),
          bigint('expires_at'),
        ],
        indices: [
          new TableIndex({ name: 'bcl_receiver_replay_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'bcl_receiver_session_link',
        columns: [
          varchar('session_id', { isPrimary: true }),
          varchar('iss'),
          varchar('sub', { isNullable: true }),
          varchar('sid', { isNullable: true }),
          bigint('auth_time', { isNullable: true }),
          bigint('expires_at'),
        ],
        indices: [
          new TableIndex({
            name: 'bcl_receiver_session_link_iss_sid',
            columnNames: ['iss', 'sid'],
          }),
          new TableIndex({
            name: 'bcl_receiver_session_link_iss_sub',
            columnNames: ['iss', 'sub'],
          }),
          new TableIndex({
            name: 'bcl_receiver_session_link_expires_at',
            columnNames: ['expires_at'],
          }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'bcl_receiver_logout_marker',
        columns: [
          varchar('kind', { length: '3', isPrimary: true }),
          varchar('iss', { isPrimary: true }),
          varchar('value', { isPrimary: true }),
          varchar('sub', { isNullable: true }),
          bigint('iat'),
          bigint('expires_at'),
        ],
        indices: [
          new TableIndex({
            name: 'bcl_receiver_logout_marker_expires_at',
            columnNames: ['expires_at'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bcl_receiver_logout_marker', true);
    await queryRunner.dropTable('bcl_receiver_session_link', true);
    await queryRunner.dropTable('bcl_receiver_replay', true);
  }
}

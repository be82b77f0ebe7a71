import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Creates `bcl_session` (OP session lifetimes, for the expiry job). Listed in `BACKCHANNEL_LOGOUT_MIGRATIONS`. */
export class BackchannelLogoutSessionActivity1764547200000 implements MigrationInterface {
  readonly name = 'BackchannelLogoutSessionActivity1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The type the entities get from `type: Date` on this driver (no drift, no `synchronize`).
    const date = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.createTable(
      new Table({
        name: 'bcl_session',
        columns: [
          { name: 'sid', type: 'varchar', length: '255', isPrimary: true },
          { name: 'sub', type: 'varchar', length: '255' },
          { name: 'started_at', type: date },
          { name: 'last_active_at', type: date },
          { name: 'ended_at', type: date, isNullable: true },
          { name: 'end_reason', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_bcl_session_sub', columnNames: ['sub'] }),
          new TableIndex({ name: 'IDX_bcl_session_last_active', columnNames: ['last_active_at'] }),
          new TableIndex({ name: 'IDX_bcl_session_started', columnNames: ['started_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bcl_session');
  }
}

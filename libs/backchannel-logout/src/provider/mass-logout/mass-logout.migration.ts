import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

const counter = (name: string): TableColumnOptions => ({ name, type: 'integer', default: 0 });

/**
 * Creates `bcl_mass_logout` (mass logout runs, resumable) and an index to page one client's sessions.
 * Listed in `BACKCHANNEL_LOGOUT_MIGRATIONS`.
 */
export class BackchannelLogoutMassLogout1764633600000 implements MigrationInterface {
  readonly name = 'BackchannelLogoutMassLogout1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The type the entities get from `type: Date` on this driver (no drift, no `synchronize`).
    const date = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.createTable(
      new Table({
        name: 'bcl_mass_logout',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('scope', 16),
          varchar('client_id', 255, true),
          varchar('reason', 64, true),
          { name: 'batch_size', type: 'integer' },
          varchar('phase', 16),
          varchar('cursor', 255, true),
          counter('batches'),
          counter('sessions_seen'),
          counter('sessions_ended'),
          counter('deliveries_enqueued'),
          varchar('status', 16),
          varchar('error', 1024, true),
          varchar('owner', 36, true),
          { name: 'lease_until', type: date, isNullable: true },
          { name: 'started_at', type: date },
          { name: 'updated_at', type: date },
          { name: 'finished_at', type: date, isNullable: true },
        ],
        indices: [new TableIndex({ name: 'IDX_bcl_mass_logout_status', columnNames: ['status'] })],
      }),
    );
    // Keyset paging over one client's participant rows (scope `client`).
    await queryRunner.createIndex(
      'bcl_session_participant',
      new TableIndex({
        name: 'IDX_bcl_session_participant_client_id',
        columnNames: ['client_id', 'id'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('bcl_session_participant', 'IDX_bcl_session_participant_client_id');
    await queryRunner.dropTable('bcl_mass_logout');
  }
}

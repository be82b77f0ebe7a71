import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Adds `lease_owner` to `bcl_receiver_replay`: a replay record is in progress (held by one request) or done
 * (null). Existing rows are done. Run after `BackchannelReceiverTables1790000000000`; both are in
 * `BACKCHANNEL_RECEIVER_MIGRATIONS`.
 */
export class BackchannelReceiverReplayLease1790000000001 implements MigrationInterface {
  name = 'BackchannelReceiverReplayLease1790000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'bcl_receiver_replay',
      new TableColumn({ name: 'lease_owner', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('bcl_receiver_replay', 'lease_owner');
  }
}

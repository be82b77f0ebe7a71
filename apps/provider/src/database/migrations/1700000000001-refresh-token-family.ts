import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Refresh-token families (RFC 9700 §4.14.2): every token of one grant shares `family_id` (the hash of the
 * authorization code it started from), and `rotated_at` tells a token spent by rotation from one revoked
 * at logout, so that presenting a rotated token again revokes the whole family.
 */
export class RefreshTokenFamily1700000000001 implements MigrationInterface {
  name = 'RefreshTokenFamily1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.addColumns('oidc_refresh_token', [
      new TableColumn({ name: 'family_id', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'rotated_at', type: date, isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'oidc_refresh_token',
      new TableIndex({ name: 'IDX_oidc_refresh_token_family', columnNames: ['family_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('oidc_refresh_token', 'IDX_oidc_refresh_token_family');
    await queryRunner.dropColumns('oidc_refresh_token', ['rotated_at', 'family_id']);
  }
}

import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Revoked grants (RFC 6749 §4.1.2, RFC 9700 §4.14.2): when an authorization code is redeemed twice or a
 * rotated refresh token comes back, the access tokens of that grant are refused at /userinfo too. A row
 * lives as long as an access token, then is purged.
 */
export class RevokedGrant1700000000002 implements MigrationInterface {
  name = 'RevokedGrant1700000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'oidc_revoked_grant',
        columns: [
          { name: 'grant_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expires_at', type: date },
        ],
        indices: [{ name: 'IDX_oidc_revoked_grant_expires', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oidc_revoked_grant');
  }
}

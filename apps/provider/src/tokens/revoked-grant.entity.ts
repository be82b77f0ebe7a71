import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A revoked grant (an authorization code's redemption and the refresh-token family grown from it): the
 * access tokens carrying its `gid` are refused until `expires_at`, by which time every one of them has
 * expired on its own, so the row can go.
 */
@Entity('oidc_revoked_grant')
export class RevokedGrant {
  /** The grant's id, the refresh-token family id (the authorization code's hash). */
  @PrimaryColumn({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  @Index('IDX_oidc_revoked_grant_expires')
  @Column({ name: 'expires_at' })
  expiresAt: Date;
}

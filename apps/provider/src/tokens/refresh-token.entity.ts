import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A refresh token (only its SHA-256 is stored). Tokens issued without `offline_access` are revoked
 * when their OP session ends (BCL §2.7); `offline_access` ones outlive it.
 */
@Entity('oidc_refresh_token')
export class RefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Index()
  @Column({ type: 'varchar', length: 255 })
  sid: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  @Column({ name: 'offline_access', type: 'boolean' })
  offlineAccess: boolean;

  @Column({ name: 'auth_time' })
  authTime: Date;

  @Column({ name: 'expires_at' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', nullable: true, type: Date })
  revokedAt: Date | null;

  /** The grant this token descends from (the authorization code's hash); null for rows older than families. */
  @Index()
  @Column({ name: 'family_id', type: 'varchar', length: 64, nullable: true })
  familyId: string | null;

  /** Set when the token was spent by rotation (not revoked by a logout): presenting it again is reuse. */
  @Column({ name: 'rotated_at', nullable: true, type: Date })
  rotatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

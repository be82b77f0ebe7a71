import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A single-use authorization code; only its SHA-256 is stored. */
@Entity('oidc_authorization_code')
export class AuthorizationCode {
  @PrimaryColumn({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  sid: string;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  @Column({ type: 'text', nullable: true })
  nonce: string | null;

  @Column({ name: 'code_challenge', type: 'varchar', length: 128 })
  codeChallenge: string;

  @Column({ name: 'auth_time' })
  authTime: Date;

  @Column({ name: 'expires_at' })
  expiresAt: Date;

  @Column({ name: 'consumed_at', nullable: true, type: Date })
  consumedAt: Date | null;
}

import {
  BackchannelLogoutSessionRequiredColumn,
  BackchannelLogoutUriColumn,
} from 'nestjs-backchannel-logout';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A registered relying party. Metadata names follow Dynamic Client Registration (RFC 7591); the two
 * back-channel columns come from the library (its migration adds them to this table).
 */
@Entity('oidc_client')
export class OidcClient {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 255 })
  clientId: string;

  @Column({ name: 'client_name', type: 'varchar', length: 255, nullable: true })
  clientName: string | null;

  /** SHA-256 of the secret (secrets are shown once, on creation and rotation). */
  @Column({ name: 'client_secret_hash', type: 'varchar', length: 128 })
  clientSecretHash: string;

  @Column({ name: 'redirect_uris', type: 'simple-json' })
  redirectUris: string[];

  @Column({ name: 'post_logout_redirect_uris', type: 'simple-json' })
  postLogoutRedirectUris: string[];

  @BackchannelLogoutUriColumn()
  backchannelLogoutUri: string | null;

  @BackchannelLogoutSessionRequiredColumn()
  backchannelLogoutSessionRequired: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An end-user account. `id` is the OIDC `sub`. */
@Entity('oidc_user')
export class OidcUser {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  username: string;

  /** scrypt, see password.util.ts */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

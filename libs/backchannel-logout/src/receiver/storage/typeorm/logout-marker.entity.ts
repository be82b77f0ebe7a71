import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint.transformer';

/** A logout marker: `kind` is `sid` or `sub`, `value` the sid or sub, `iat` the Logout Token's (ceiled). */
@Entity({ name: 'bcl_receiver_logout_marker' })
export class BackchannelLogoutMarkerRecord {
  @PrimaryColumn({ type: 'varchar', length: 3, name: 'kind' })
  kind: 'sid' | 'sub';

  @PrimaryColumn({ type: 'varchar', name: 'iss' })
  iss: string;

  @PrimaryColumn({ type: 'varchar', name: 'value' })
  value: string;

  /** For a `sid` marker: the token's `sub`, if it had one. */
  @Column({ type: 'varchar', name: 'sub', nullable: true })
  sub: string | null;

  @Column({ type: 'bigint', name: 'iat', transformer: bigintNumber })
  iat: number;

  /** Epoch milliseconds. */
  @Index('bcl_receiver_logout_marker_expires_at')
  @Column({ type: 'bigint', name: 'expires_at', transformer: bigintNumber })
  expiresAt: number;
}

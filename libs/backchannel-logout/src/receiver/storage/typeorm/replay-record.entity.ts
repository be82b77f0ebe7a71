import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint.transformer';

/**
 * One used Logout Token: the primary key `(iss, jti_digest)` is the unique index that makes a second insert of
 * the same token fail (BCL §2.6 step 8). `jti` is stored as its SHA-256 digest, so the key size is fixed.
 */
@Entity({ name: 'bcl_receiver_replay' })
export class BackchannelReplayRecord {
  @PrimaryColumn({ type: 'varchar', name: 'iss' })
  iss: string;

  @PrimaryColumn({ type: 'varchar', length: 64, name: 'jti_digest' })
  jtiDigest: string;

  /** Epoch milliseconds after which the row may be purged. */
  @Index('bcl_receiver_replay_expires_at')
  @Column({ type: 'bigint', name: 'expires_at', transformer: bigintNumber })
  expiresAt: number;

  /** The request holding the token in progress (its lease ends at `expiresAt`); null once the logout is done. */
  @Column({ type: 'varchar', length: 64, name: 'lease_owner', nullable: true })
  leaseOwner: string | null;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint.transformer';

/** One local session linked to its OP session; looked up by `(iss, sid)` or `(iss, sub)`, never scanned. */
@Entity({ name: 'bcl_receiver_session_link' })
@Index('bcl_receiver_session_link_iss_sid', ['iss', 'sid'])
@Index('bcl_receiver_session_link_iss_sub', ['iss', 'sub'])
export class BackchannelSessionLinkRecord {
  @PrimaryColumn({ type: 'varchar', name: 'session_id' })
  sessionId: string;

  @Column({ type: 'varchar', name: 'iss' })
  iss: string;

  @Column({ type: 'varchar', name: 'sub', nullable: true })
  sub: string | null;

  @Column({ type: 'varchar', name: 'sid', nullable: true })
  sid: string | null;

  /** Epoch seconds (floored). */
  @Column({ type: 'bigint', name: 'auth_time', nullable: true, transformer: bigintNumber })
  authTime: number | null;

  /** Epoch milliseconds. */
  @Index('bcl_receiver_session_link_expires_at')
  @Column({ type: 'bigint', name: 'expires_at', transformer: bigintNumber })
  expiresAt: number;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The OP's browser session. The cookie carries a secret token; only its SHA-256 is stored (`id`).
 * `sid` is the public session id put in ID tokens and logout tokens (BCL §2.1).
 */
@Entity('op_session')
export class OpSession {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255 })
  sid: string;

  @Index()
  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ name: 'auth_time' })
  authTime: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'ended_at', nullable: true, type: Date })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 64, nullable: true })
  endReason: string | null;
}

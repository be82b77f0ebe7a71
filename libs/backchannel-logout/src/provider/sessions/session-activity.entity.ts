import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One OP session's lifetime (table `bcl_session`): when it began, when it was last used, and whether it
 * ended. Written by `SessionLifecycleService` (begin, touch, end) and claimed by the expiry job.
 */
@Entity('bcl_session')
@Index('IDX_bcl_session_sub', ['sub'])
@Index('IDX_bcl_session_last_active', ['lastActiveAt'])
@Index('IDX_bcl_session_started', ['startedAt'])
export class SessionActivityEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  sid: string;

  @Column({ type: 'varchar', length: 255 })
  sub: string;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'last_active_at', type: Date })
  lastActiveAt: Date;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 64, nullable: true })
  endReason: string | null;
}

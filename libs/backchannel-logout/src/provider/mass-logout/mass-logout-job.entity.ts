import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One mass logout run (table `bcl_mass_logout`): what it ends, how far it got (the keyset cursor, saved
 * after every batch) and who runs it now (a lease, claimed with a conditional UPDATE). Written only by
 * `MassLogoutJobRepository`.
 */
@Entity('bcl_mass_logout')
@Index('IDX_bcl_mass_logout_status', ['status'])
export class MassLogoutJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** `client` (every session one client took part in) or `all` (every session of every user). */
  @Column({ type: 'varchar', length: 16 })
  scope: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255, nullable: true })
  clientId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ name: 'batch_size', type: 'integer' })
  batchSize: number;

  /** `participants`, then (scope `all`) `sessions`: live `bcl_session` rows no RP took part in. */
  @Column({ type: 'varchar', length: 16 })
  phase: string;

  /** The last key of the last finished batch (participant id, `sub` or `sid`); `null` before the first. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  cursor: string | null;

  @Column({ type: 'integer', default: 0 })
  batches: number;

  @Column({ name: 'sessions_seen', type: 'integer', default: 0 })
  sessionsSeen: number;

  @Column({ name: 'sessions_ended', type: 'integer', default: 0 })
  sessionsEnded: number;

  @Column({ name: 'deliveries_enqueued', type: 'integer', default: 0 })
  deliveriesEnqueued: number;

  /** `running`, `done` or `failed`. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  error: string | null;

  /** The runner holding the lease (a random id per run), `null` when nobody runs it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  owner: string | null;

  @Column({ name: 'lease_until', type: Date, nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;
}

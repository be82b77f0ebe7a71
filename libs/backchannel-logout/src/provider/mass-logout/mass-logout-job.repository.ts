import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, Repository } from 'typeorm';
import { MassLogoutJobEntity } from './mass-logout-job.entity';
import { MassLogoutScope } from './mass-logout.interface';

/** Where a run is after a batch, and what the batch added. */
export interface MassLogoutStep {
  readonly phase: string;
  readonly cursor: string | null;
  readonly sessionsSeen: number;
  readonly sessionsEnded: number;
  readonly deliveriesEnqueued: number;
  /** A phase change, not a batch: the batch number stays. */
  readonly phaseChange?: boolean;
}

/**
 * The one home of `bcl_mass_logout` rows. A run is claimed with a conditional UPDATE (free or expired lease),
 * and every later write is conditional on still holding it: two processes never run one job at once.
 */
export class MassLogoutJobRepository {
  private readonly rows: Repository<MassLogoutJobEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(MassLogoutJobEntity);
  }

  async create(
    scope: MassLogoutScope,
    reason: string,
    batchSize: number,
  ): Promise<MassLogoutJobEntity> {
    const now = new Date();
    const row = Object.assign(new MassLogoutJobEntity(), {
      id: randomUUID(),
      scope: scope.scope,
      clientId: scope.scope === 'client' ? scope.clientId : null,
      reason: reason.slice(0, 64),
      batchSize,
      phase: 'participants',
      cursor: null,
      batches: 0,
      sessionsSeen: 0,
      sessionsEnded: 0,
      deliveriesEnqueued: 0,
      status: 'running',
      error: null,
      owner: null,
      leaseUntil: null,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    await this.rows.insert(row);
    return row;
  }

  find(id: string): Promise<MassLogoutJobEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The newest runs first. */
  list(limit: number): Promise<MassLogoutJobEntity[]> {
    return this.rows.find({ order: { startedAt: 'DESC' }, take: limit });
  }

  findRunning(): Promise<MassLogoutJobEntity[]> {
    return this.rows.find({ where: { status: 'running' }, order: { startedAt: 'ASC' } });
  }

  /** Take the lease of a running job nobody holds (or whose holder stopped renewing); `null` if taken. */
  async claim(id: string, leaseMs: number): Promise<MassLogoutJobEntity | null> {
    const owner = randomUUID();
    const now = new Date();
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ owner, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now })
      .where('id = :id AND status = :running', { id, running: 'running' })
      .andWhere(
        new Brackets((q) => q.where('lease_until IS NULL').orWhere('lease_until < :now', { now })),
      )
      .execute();
    if ((result.affected ?? 0) === 0) return null;
    const row = await this.find(id);
    return row?.owner === owner ? row : null;
  }

  /** Save a batch's progress and renew the lease; `false` when the lease was lost (stop running). */
  async advance(job: MassLogoutJobEntity, step: MassLogoutStep, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const next = {
      phase: step.phase,
      cursor: step.cursor,
      batches: job.batches + (step.phaseChange ? 0 : 1),
      sessionsSeen: job.sessionsSeen + step.sessionsSeen,
      sessionsEnded: job.sessionsEnded + step.sessionsEnded,
      deliveriesEnqueued: job.deliveriesEnqueued + step.deliveriesEnqueued,
      leaseUntil: new Date(now.getTime() + leaseMs),
      updatedAt: now,
    };
    if (!(await this.owned(job, next))) return false;
    Object.assign(job, next);
    return true;
  }

  /** The run is over (`done`, or `failed` with the error); the lease is given back. */
  finish(job: MassLogoutJobEntity, status: 'done' | 'failed', error?: string): Promise<boolean> {
    const now = new Date();
    return this.owned(job, {
      status,
      error: error?.slice(0, 1024) ?? null,
      owner: null,
      leaseUntil: null,
      updatedAt: now,
      finishedAt: status === 'done' ? now : null,
    });
  }

  /** Give the lease back without finishing (a graceful shutdown): the next process resumes at once. */
  release(job: MassLogoutJobEntity): Promise<boolean> {
    return this.owned(job, { owner: null, leaseUntil: null });
  }

  /** A failed run goes back to `running` (its cursor kept) so a runner picks it up. */
  async retry(id: string): Promise<boolean> {
    const result = await this.rows.update(
      { id, status: 'failed' },
      { status: 'running', error: null, updatedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  private async owned(
    job: MassLogoutJobEntity,
    values: Partial<MassLogoutJobEntity>,
  ): Promise<boolean> {
    const result = await this.rows.update({ id: job.id, owner: job.owner ?? '' }, values);
    return (result.affected ?? 0) > 0;
  }
}

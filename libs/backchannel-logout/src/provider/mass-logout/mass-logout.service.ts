import { Inject, Injectable } from '@nestjs/common';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { MassLogoutJobEntity } from './mass-logout-job.entity';
import { MassLogoutJobRepository } from './mass-logout-job.repository';
import {
  MassLogoutBatchEvent,
  MassLogoutProgress,
  MassLogoutStartInput,
  MassLogoutStatus,
} from './mass-logout.interface';
import { MassLogoutRunner, MassLogoutRunOutcome } from './mass-logout.runner';
import { MassLogoutScheduler } from './mass-logout.scheduler';
import { BCL_MASS_LOGOUT_JOBS } from './mass-logout.tokens';

const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 5000;

/**
 * Mass logout: end every session of one client, or every session of every user, notifying each RP of each
 * session as a normal logout would. The work streams through the outbox in batches (keyset pages, one
 * transaction per batch), survives crashes (the cursor is saved after every batch) and runs in one process at
 * a time (a lease on the `bcl_mass_logout` row). Needs the built-in session registry (its table is paged).
 *
 * @example
 * const run = await massLogout.start({ scope: 'client', clientId: 'compromised-app' });
 * (await massLogout.get(run.id))?.sessionsEnded;
 */
@Injectable()
export class MassLogoutService {
  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_MASS_LOGOUT_JOBS) private readonly jobs: MassLogoutJobRepository,
    private readonly runner: MassLogoutRunner,
    private readonly scheduler: MassLogoutScheduler,
  ) {}

  /**
   * Record a new run and hand it to the workers (a Bull job on the delivery queue). Resolves once the run is
   * recorded: follow it with {@link get}. If Redis is down the run waits in the table for the next start-up.
   */
  async start(input: MassLogoutStartInput): Promise<MassLogoutProgress> {
    if (this.config.sessions)
      throw BackchannelLogoutError.of(
        'invalid_options',
        'mass logout needs the built-in session registry',
      );
    if (input?.scope !== 'client' && input?.scope !== 'all')
      throw BackchannelLogoutError.of(
        'invalid_options',
        "mass logout scope must be 'client' or 'all'",
      );
    if (input.scope === 'client' && !input.clientId)
      throw BackchannelLogoutError.of('invalid_options', 'a client mass logout needs a clientId');
    const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
      throw BackchannelLogoutError.of('invalid_options', `batchSize must be 1..${MAX_BATCH_SIZE}`);
    const reason = input.reason ?? `mass_logout_${input.scope}`;
    const job = await this.jobs.create(input, reason, batchSize);
    await this.scheduler.schedule(job);
    return toProgress(job);
  }

  /** Run `id` in this process until it ends (for scripts and hosts without workers); `busy` if held elsewhere. */
  runNow(id: string): Promise<MassLogoutRunOutcome> {
    return this.runner.run(id);
  }

  /** Put a `failed` run back to work from its cursor. */
  async resume(id: string): Promise<boolean> {
    const job = await this.jobs.find(id);
    if (!job || (job.status === 'failed' && !(await this.jobs.retry(id)))) return false;
    if (job.status === 'done') return false;
    await this.scheduler.schedule(job);
    return true;
  }

  /** One run's progress, or `null`. */
  async get(id: string): Promise<MassLogoutProgress | null> {
    const job = await this.jobs.find(id);
    return job ? toProgress(job) : null;
  }

  /** The newest runs first. */
  async list(limit = 20): Promise<MassLogoutProgress[]> {
    return (await this.jobs.list(limit)).map(toProgress);
  }

  /** Called after every stored batch in this process (metrics). Returns the unsubscribe function. */
  onBatch(listener: (event: MassLogoutBatchEvent) => void): () => void {
    return this.runner.onBatch(listener);
  }
}

function toProgress(job: MassLogoutJobEntity): MassLogoutProgress {
  const end = (job.finishedAt ?? job.updatedAt).getTime();
  const seconds = Math.max(0.001, (end - job.startedAt.getTime()) / 1000);
  const rate = (n: number) => Math.round((n / seconds) * 10) / 10;
  return {
    id: job.id,
    scope: job.scope as MassLogoutProgress['scope'],
    clientId: job.clientId,
    reason: job.reason,
    batchSize: job.batchSize,
    status: job.status as MassLogoutStatus,
    error: job.error,
    batches: job.batches,
    sessionsSeen: job.sessionsSeen,
    sessionsEnded: job.sessionsEnded,
    deliveriesEnqueued: job.deliveriesEnqueued,
    active: job.leaseUntil !== null && job.leaseUntil.getTime() > Date.now(),
    startedAt: job.startedAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    deliveriesPerSecond: job.batches > 0 ? rate(job.deliveriesEnqueued) : 0,
    sessionsPerSecond: job.batches > 0 ? rate(job.sessionsEnded) : 0,
  };
}

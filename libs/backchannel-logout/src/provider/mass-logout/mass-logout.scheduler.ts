import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { DeliveryQueueGateway } from '../delivery/delivery-queue.gateway';
import { MassLogoutJobEntity } from './mass-logout-job.entity';
import { MassLogoutJobRepository } from './mass-logout-job.repository';
import { MassLogoutRunner } from './mass-logout.runner';
import { BCL_MASS_LOGOUT_JOBS, MASS_LOGOUT_JOB } from './mass-logout.tokens';

/** The data of a mass logout Bull job. */
interface MassLogoutJobData {
  readonly id: string;
}

/**
 * Hands mass logout runs to the workers as Bull jobs on the delivery queue, and at start-up re-schedules
 * runs left `running` by a crash (after their lease runs out). The lease on the row, not the Bull job,
 * decides who runs: a duplicate job finds the run `busy` and re-checks when that lease ends. Stopped by the
 * module's shutdown order (`QueueShutdownLifecycle`).
 */
@Injectable()
export class MassLogoutScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_QUEUE) private readonly queue: Queue,
    @Inject(BCL_MASS_LOGOUT_JOBS) private readonly jobs: MassLogoutJobRepository,
    private readonly runner: MassLogoutRunner,
    private readonly gateway: DeliveryQueueGateway,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.worker) return;
    this.gateway.process(MASS_LOGOUT_JOB, 1, (job: Job<MassLogoutJobData>) =>
      this.handle(job.data.id),
    );
    try {
      for (const job of await this.jobs.findRunning()) await this.schedule(job);
    } catch (err) {
      this.logger.warn(`could not resume interrupted mass logouts: ${(err as Error).message}`);
    }
  }

  /** Shutdown: the current batch finishes and the lease is given back, so the next process resumes at once. */
  async stop(): Promise<void> {
    await this.runner.stop();
  }

  /** One Bull job for the run, delayed until its current lease (if any) has run out. */
  async schedule(job: MassLogoutJobEntity): Promise<void> {
    const leaseEnd = job.leaseUntil?.getTime() ?? 0;
    const delay = Math.max(0, leaseEnd - Date.now()) + (leaseEnd ? 1000 : 0);
    try {
      await this.queue.add(
        MASS_LOGOUT_JOB,
        { id: job.id } satisfies MassLogoutJobData,
        // One waiting job per run and lease: schedulers racing for the same run converge on one job.
        {
          jobId: `${MASS_LOGOUT_JOB}:${job.id}:${leaseEnd}`,
          delay,
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
    } catch (err) {
      this.logger.warn(
        `mass logout ${job.id}: could not schedule (${(err as Error).message}); resumes at the next start-up`,
      );
    }
  }

  private async handle(id: string): Promise<string> {
    const outcome = await this.runner.run(id);
    if (outcome === 'busy') {
      // Held by another runner: look again when its lease ends (it may have crashed by then).
      const job = await this.jobs.find(id);
      if (job?.status === 'running') await this.schedule(job);
    }
    return outcome;
  }
}

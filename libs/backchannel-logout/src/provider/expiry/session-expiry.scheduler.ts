import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { DeliveryQueueGateway } from '../delivery/delivery-queue.gateway';
import { SessionExpiryRunner } from './session-expiry.runner';

/** Bull job name of the expiry run (on the module's queue). */
export const SESSION_EXPIRY_JOB = 'bcl-session-expiry';

/** Released only by its holder (compare-and-delete). */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

type LockingRedis = {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
  eval(script: string, keys: number, ...args: string[]): Promise<unknown>;
};

/**
 * Schedules the expiry job: one Bull repeatable job with a fixed id, so any number of processes adding it
 * still make one job per interval; each run also holds a Redis lock, so a slow run and the next one never
 * overlap. The claim of each session is atomic in the database on top of that (no double notification).
 * Stopped by the module's shutdown order (`QueueShutdownLifecycle`).
 */
@Injectable()
export class SessionExpiryScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackchannelLogout');
  private scheduled: Promise<void> = Promise.resolve();

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_QUEUE) private readonly queue: Queue,
    private readonly runner: SessionExpiryRunner,
    private readonly gateway: DeliveryQueueGateway,
  ) {}

  onApplicationBootstrap(): void {
    const lifetime = this.config.sessionLifetime;
    if (!lifetime.enabled) return;
    if (this.config.worker) this.gateway.process(SESSION_EXPIRY_JOB, 1, () => this.runLocked());
    this.scheduled = this.schedule(lifetime.checkIntervalMs).catch((err: Error) =>
      this.logger.warn(`could not schedule the session expiry job: ${err.message}`),
    );
  }

  /**
   * Shutdown: a run in progress ends after its current batch (the sessions not claimed yet wait for the
   * next run); resolves once the scheduling done at start-up is over (the queue closes next).
   */
  async stop(): Promise<void> {
    this.runner.stop();
    await this.scheduled;
  }

  private async schedule(every: number): Promise<void> {
    // A changed interval would otherwise leave the old schedule running next to the new one.
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === SESSION_EXPIRY_JOB && job.every !== every)
        await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(
      SESSION_EXPIRY_JOB,
      {},
      {
        jobId: SESSION_EXPIRY_JOB,
        repeat: { every },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  /** One run if no other process is running one; returns how many sessions it ended. */
  async runLocked(): Promise<number> {
    const redis = this.queue.client as unknown as LockingRedis;
    const key = (this.queue as unknown as { toKey(k: string): string }).toKey(
      'session-expiry-lock',
    );
    const token = randomUUID();
    // The lock outlives a crashed holder by at most 5 minutes.
    if ((await redis.set(key, token, 'PX', 300_000, 'NX')) !== 'OK') return 0;
    try {
      return await this.runner.run();
    } catch (err) {
      this.logger.error(`session expiry run failed: ${(err as Error).message}`);
      throw err;
    } finally {
      await redis.eval(RELEASE_LOCK, 1, key, token);
    }
  }
}

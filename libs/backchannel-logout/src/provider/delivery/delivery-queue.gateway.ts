import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job, JobCounts, JobOptions, Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { LOGOUT_BACKOFF_STRATEGY, LogoutBackoffOptions } from './delivery-backoff.strategy';
import { isQueueOffline } from './queue-connection.util';

/** Name of the Bull job that delivers one Logout Token. */
export const DELIVERY_JOB = 'deliver';

/** A job carries only the delivery id: never the token, never the claims. */
export interface DeliveryJobData {
  readonly deliveryId: string;
}

/**
 * The one owner of the delivery queue's Bull jobs: add (bulk, bounded), revive vanished ones, remove one,
 * run the worker, and the queue's events. Job id = delivery id, so adding twice is harmless.
 */
@Injectable()
export class DeliveryQueueGateway {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_QUEUE) private readonly queue: Queue<DeliveryJobData>,
  ) {}

  /** `true` when Redis is down: a command now would be buffered instead of answering. */
  isOffline(): boolean {
    return isQueueOffline(this.queue);
  }

  /**
   * One `addBulk` for `ids` (and `delayedIds`, whose jobs wait `fallbackDelayMs` first: their first attempt
   * runs inline, the job is the fallback). Resolves to `false` when Redis is down or does not answer within
   * `enqueueTimeoutMs` (the rows then stay in the outbox).
   */
  async add(ids: readonly string[], delayedIds: readonly string[] = []): Promise<boolean> {
    if (ids.length === 0 && delayedIds.length === 0) return true;
    if (this.isOffline()) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.outbox.enqueueTimeoutMs);
    });
    const jobs = [
      ...ids.map((id) => this.job(id)),
      ...delayedIds.map((id) => this.job(id, this.fallbackDelayMs())),
    ];
    const added = this.queue.addBulk(jobs).then(
      () => 'added' as const,
      (err: Error) => {
        this.logger.warn(
          `enqueue failed, ${jobs.length} deliveries stay in the outbox: ${err.message}`,
        );
        return 'failed' as const;
      },
    );
    const result = await Promise.race([added, timeout]);
    clearTimeout(timer);
    return result === 'added';
  }

  /**
   * Re-add the job of each id whose job vanished (Redis restarted without persistence) or finished without
   * the row reaching a final status. Resolves to the ids re-added.
   */
  async revive(ids: readonly string[]): Promise<string[]> {
    const lost: string[] = [];
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job) {
        lost.push(id);
      } else if (job.finishedOn) {
        await job.remove();
        lost.push(id);
      }
    }
    if (lost.length > 0) await this.queue.addBulk(lost.map((id) => this.job(id)));
    return lost;
  }

  /**
   * Give the running `job` one more allowed attempt, so a deferral (per-RP cap, issue #9) that Bull counts
   * as a failed attempt does not shorten the delivery's retries. Bull keeps `opts` in the job's hash.
   */
  async uncountAttempt(job: Job<DeliveryJobData>): Promise<void> {
    job.opts.attempts = (job.opts.attempts ?? 1) + 1;
    await this.queue.client.hset(
      this.queue.toKey(String(job.id)),
      'opts',
      JSON.stringify(job.opts),
    );
  }

  /**
   * Move the still-delayed job of `id` to run in `delayMs` (an inline attempt asked for a retry: the usual
   * backoff, not the fallback delay). Does nothing when the job is gone or already taken by a worker.
   */
  async reschedule(id: string, delayMs: number): Promise<void> {
    const job = await this.queue.getJob(id);
    if (!job || !(await job.isDelayed())) return;
    await job.remove();
    const { name, data, opts } = this.job(id, delayMs);
    await this.queue.add(name, data, opts);
  }

  /** Remove the (finished) job of `id`, so a new job with that id is not taken for a duplicate. */
  async remove(id: string): Promise<void> {
    const job = await this.queue.getJob(id);
    if (job) await job.remove();
  }

  /** Run `handler` for every delivery job, `concurrency` at a time (the worker). */
  process(concurrency: number, handler: (job: Job<DeliveryJobData>) => Promise<string>): void {
    this.queue.process(DELIVERY_JOB, concurrency, handler).catch((err: unknown) => {
      // Bull rejects with nothing when the queue is closed while the worker starts: not an error.
      if (err instanceof Error) this.logger.error(`delivery worker stopped: ${err.message}`);
    });
  }

  /**
   * Bull opens the worker's connections asynchronously after `process()`; closing the queue in between
   * leaves a connection open (and the process alive). Waits for them, at most 3 s.
   */
  async untilConnected(): Promise<void> {
    const clients = this.queue as unknown as {
      client: { status: string };
      bclient: { status: string };
    };
    for (let waited = 0; waited < 3000; waited += 20) {
      if (clients.client.status === 'ready' && clients.bclient.status === 'ready') return;
      await new Promise((resolve) => setTimeout(resolve, 20).unref());
    }
  }

  /** Let running jobs finish, then close the queue's connections. */
  close(): Promise<void> {
    return this.queue.close();
  }

  /** Jobs by state and the timestamp of the job next in line (`null` when none waits). */
  async depth(): Promise<{ counts: JobCounts; oldestWaitingTimestamp: number | null }> {
    const [counts, [oldest]] = await Promise.all([
      this.queue.getJobCounts(),
      // The wait list's tail is the next job a worker takes (Bull pushes on the left).
      this.queue.getJobs(['waiting'], 0, 0, true),
    ]);
    return { counts, oldestWaitingTimestamp: oldest ? oldest.timestamp : null };
  }

  /** Call `listener` whenever a job of any process completes or fails (Bull's global events). */
  onSettled(listener: () => void): void {
    this.queue.on('global:completed', listener);
    this.queue.on('global:failed', listener);
  }

  /** Undo {@link onSettled}. */
  offSettled(listener: () => void): void {
    this.queue.off('global:completed', listener);
    this.queue.off('global:failed', listener);
  }

  /** Call `listener` on queue (Redis) errors. */
  onError(listener: (err: Error) => void): void {
    this.queue.on('error', listener);
  }

  /** Undo {@link onError}. */
  offError(listener: (err: Error) => void): void {
    this.queue.off('error', listener);
  }

  /**
   * How long a fallback job waits: longer than one inline attempt can take (its HTTP timeout), so a worker
   * only picks it when that attempt did not settle (the process died) or asked for a retry.
   */
  fallbackDelayMs(): number {
    return this.config.delivery.timeoutMs + 1000;
  }

  /** The backoff options of every job. */
  backoff(): LogoutBackoffOptions {
    const d = this.config.delivery;
    return { baseMs: d.backoffBaseMs, capMs: d.backoffCapMs, retryAfterCapMs: d.retryAfterCapMs };
  }

  private job(
    id: string,
    delay?: number,
  ): { name: string; data: DeliveryJobData; opts: JobOptions } {
    const d = this.config.delivery;
    const backoff = this.backoff();
    return {
      name: DELIVERY_JOB,
      data: { deliveryId: id },
      opts: {
        jobId: id,
        ...(delay ? { delay } : {}),
        attempts: d.attempts,
        backoff: { type: LOGOUT_BACKOFF_STRATEGY, options: backoff },
        removeOnComplete: d.keepCompletedJobs,
        removeOnFail: d.keepFailedJobs,
      },
    };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job, JobCounts, JobOptions, Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { addJobGroups, BulkJobGroup } from './delivery-bulk-add.util';
import { LOGOUT_BACKOFF_STRATEGY, LogoutBackoffOptions } from './delivery-backoff.strategy';
import { isQueueOffline } from './queue-connection.util';

/** Name of the Bull job that delivers one Logout Token. */
export const DELIVERY_JOB = 'deliver';

/** A job carries only the delivery id: never the token, never the claims. */
export interface DeliveryJobData {
  readonly deliveryId: string;
}

/** Queues whose `setWorkerName` already handles its own failure (see `guardWorkerName`). */
const guardedQueues = new WeakSet<object>();

/**
 * The one owner of the delivery queue's Bull jobs: add (bulk, bounded), revive vanished ones, remove one,
 * run the workers (deliveries, mass logout, session expiry) and stop them, and the queue's events. Job id =
 * delivery id, so adding twice is harmless.
 */
@Injectable()
export class DeliveryQueueGateway {
  private readonly logger = new Logger('BackchannelLogout');
  /** Set once a worker runs here: its connections are up (or 3 s passed). */
  private connected: Promise<void> | null = null;
  private closing = false;

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
    const groups: BulkJobGroup<DeliveryJobData>[] = [
      this.jobGroup(ids),
      this.jobGroup(delayedIds, this.fallbackDelayMs()),
    ];
    const count = ids.length + delayedIds.length;
    const added = addJobGroups(this.queue, groups).then(
      () => 'added' as const,
      (err: Error) => {
        // A logout that lands while the queue closes: its rows wait for the relay of the next process.
        const log = this.closing ? 'debug' : 'warn';
        this.logger[log](`enqueue failed, ${count} deliveries stay in the outbox: ${err.message}`);
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

  /**
   * Run `handler` for every job named `name`, `concurrency` at a time (a worker). Every worker of the module
   * starts here, so {@link close} knows when their connections are up.
   */
  process<T>(name: string, concurrency: number, handler: (job: Job<T>) => Promise<unknown>): void {
    this.guardWorkerName();
    (this.queue as unknown as Queue<T>)
      .process(name, concurrency, handler)
      .catch((err: unknown) => {
        // Bull rejects with nothing when the queue is closed while the worker starts: not an error.
        if (!(err instanceof Error)) return;
        const log = this.closing ? 'debug' : 'error';
        this.logger[log](`worker of ${name} jobs stopped: ${err.message}`);
      });
    this.connected ??= this.untilConnected();
  }

  /**
   * Shutdown: the workers take no new job (running ones go on; the others wait in Redis for the next
   * process). Never rejects.
   */
  async pauseWorker(): Promise<void> {
    if (!this.connected) return;
    await this.connected;
    // Local pause, not waiting for the running jobs: {@link close} does.
    await this.queue.pause(true, true).catch((err: unknown) => this.closeFailed('pause', err));
  }

  /**
   * Shutdown, last step: wait for the running jobs, then close the queue's connections. The same promise as
   * @nestjs/bull's own close (in `onApplicationShutdown`, later), which then has nothing left to do. Never
   * rejects.
   */
  async close(): Promise<void> {
    this.closing = true;
    // Closing while Bull still opens the worker's connections would leave one open (and the process alive).
    await this.connected;
    await this.queue.close().catch((err: unknown) => this.closeFailed('close', err));
  }

  /**
   * Bull opens the worker's connections asynchronously after `process()`; waits for them, at most 3 s.
   */
  private async untilConnected(): Promise<void> {
    const clients = this.queue as unknown as {
      client: { status: string };
      bclient: { status: string };
    };
    for (let waited = 0; waited < 3000; waited += 20) {
      if (clients.client.status === 'ready' && clients.bclient.status === 'ready') return;
      await new Promise((resolve) => setTimeout(resolve, 20).unref());
    }
  }

  /**
   * Bull's `process()` names the worker's blocking connection (`CLIENT SETNAME`, bull/lib/worker.js) and
   * drops the promise. If that connection is cut before Redis answers (a pause or a close while Redis is
   * slow or the connection still comes up: Bull gives a busy connection 500 ms, then drops it), the
   * "Connection is closed." rejection is unhandled and takes the process down. Handled here, once per queue.
   */
  private guardWorkerName(): void {
    const queue = this.queue as unknown as { setWorkerName?: () => Promise<unknown> };
    const setWorkerName = queue.setWorkerName;
    if (typeof setWorkerName !== 'function' || guardedQueues.has(queue)) return;
    guardedQueues.add(queue);
    queue.setWorkerName = () =>
      setWorkerName.call(queue).catch((err: unknown) => this.closeFailed('name the worker', err));
  }

  /** A Redis call cut by the shutdown (or by Redis going away meanwhile): nothing is lost, nothing to do. */
  private closeFailed(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.logger.debug(`delivery queue: could not ${what}: ${message}`);
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
    return {
      name: DELIVERY_JOB,
      data: { deliveryId: id },
      opts: { jobId: id, ...this.jobOpts(delay) },
    };
  }

  /** The jobs of `ids` as one group: they differ only by their id (see `addJobGroups`). */
  private jobGroup(ids: readonly string[], delay?: number): BulkJobGroup<DeliveryJobData> {
    return {
      name: DELIVERY_JOB,
      ids,
      data: (deliveryId) => ({ deliveryId }),
      opts: this.jobOpts(delay),
    };
  }

  private jobOpts(delay?: number): Omit<JobOptions, 'jobId'> {
    const d = this.config.delivery;
    return {
      ...(delay ? { delay } : {}),
      attempts: d.attempts,
      backoff: { type: LOGOUT_BACKOFF_STRATEGY, options: this.backoff() },
      removeOnComplete: d.keepCompletedJobs,
      removeOnFail: d.keepFailedJobs,
    };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { DeliveryOutbox } from '../delivery/delivery.outbox';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { SessionExpiryRunner } from '../expiry/session-expiry.runner';
import { BCL_SESSION_ACTIVITY_STORE } from '../expiry/session-expiry.tokens';
import { LogoutPipeline } from '../logout/logout.pipeline';
import { PlannedDelivery, planLogout } from '../logout/logout.planner';
import { TypeOrmSessionActivityStore } from '../sessions/typeorm-session-activity.store';
import { MassLogoutBatch, MassLogoutBatchReader } from './mass-logout-batch.reader';
import { MassLogoutJobEntity } from './mass-logout-job.entity';
import { MassLogoutJobRepository, MassLogoutStep } from './mass-logout-job.repository';
import { MassLogoutBatchEvent } from './mass-logout.interface';
import {
  BCL_MASS_LOGOUT_JOBS,
  BCL_MASS_LOGOUT_READER,
  MASS_LOGOUT_LEASE_MS,
} from './mass-logout.tokens';

/** How a call to {@link MassLogoutRunner.run} ended. */
export type MassLogoutRunOutcome = 'done' | 'failed' | 'stopped' | 'busy' | 'not_running';

/**
 * Runs one mass logout batch by batch, holding its lease. Per batch: plan the tokens as the normal logout
 * would, store them (one outbox transaction per batch) and enqueue, forget the registry rows, end the
 * `bcl_session` rows, then save the cursor. A crash anywhere in between repeats at most that one batch, and
 * the batch's deterministic `logout_id` lets the repeat skip the deliveries already stored.
 */
@Injectable()
export class MassLogoutRunner {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly listeners = new Set<(event: MassLogoutBatchEvent) => void>();
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_MASS_LOGOUT_JOBS) private readonly jobs: MassLogoutJobRepository,
    @Inject(BCL_MASS_LOGOUT_READER) private readonly reader: MassLogoutBatchReader,
    @Inject(BCL_SESSION_ACTIVITY_STORE) private readonly sessions: TypeOrmSessionActivityStore,
    private readonly pipeline: LogoutPipeline,
    private readonly outbox: DeliveryOutbox,
    private readonly deliveries: DeliveryRepository,
    private readonly serializer: SessionExpiryRunner,
  ) {}

  onBatch(listener: (event: MassLogoutBatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run job `id` to its end here, unless another process holds it (`busy`). */
  run(id: string): Promise<MassLogoutRunOutcome> {
    const run = this.claimAndRun(id);
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /** Shutdown: each run stops after its current batch and gives its lease back. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  private async claimAndRun(id: string): Promise<MassLogoutRunOutcome> {
    if (this.stopping) return 'stopped';
    const job = await this.jobs.claim(id, MASS_LOGOUT_LEASE_MS);
    if (!job) return (await this.jobs.find(id))?.status === 'running' ? 'busy' : 'not_running';
    // Keys of the deliveries a crashed runner stored for the batch it did not finish (loaded once, below).
    let stored: Set<string> | null = null;
    try {
      while (!this.stopping) {
        const batch = await this.next(job);
        if (!batch) {
          if (job.scope === 'all' && job.phase === 'participants') {
            if (!(await this.jobs.advance(job, emptyStep('sessions'), MASS_LOGOUT_LEASE_MS)))
              return 'busy';
            continue;
          }
          await this.jobs.finish(job, 'done');
          this.logger.log(`mass logout ${job.id}: done, ${job.sessionsEnded} session(s) ended`);
          return 'done';
        }
        stored ??= await this.storedByCrashedBatch(job);
        const step = await this.store(job, batch, stored);
        if (!(await this.jobs.advance(job, step, MASS_LOGOUT_LEASE_MS))) return 'busy';
        this.emit(job, step);
      }
      await this.jobs.release(job);
      return 'stopped';
    } catch (err) {
      const message = (err as Error).message;
      this.logger.error(
        `mass logout ${job.id} failed at cursor ${job.cursor ?? '(start)'}: ${message}`,
      );
      await this.jobs.finish(job, 'failed', message).catch(() => false);
      return 'failed';
    }
  }

  private next(job: MassLogoutJobEntity): Promise<MassLogoutBatch | null> {
    if (job.scope === 'client')
      return this.reader.clientSessions(job.clientId ?? '', job.cursor, job.batchSize);
    if (job.phase === 'participants') return this.reader.users(job.cursor, job.batchSize);
    return this.reader.liveSessions(job.cursor, job.batchSize);
  }

  private async store(
    job: MassLogoutJobEntity,
    batch: MassLogoutBatch,
    stored: Set<string>,
  ): Promise<MassLogoutStep> {
    const logoutId = batchLogoutId(job.id, job.batches);
    const planned = await this.plan(batch);
    // A login meanwhile can shift the repeated batch's range: the filter applies to every batch until used up.
    const deliveries =
      stored.size === 0 ? planned : planned.filter((d) => !stored.delete(deliveryKey(d)));
    const reason = job.reason;
    await this.serializer.exclusive(() =>
      this.outbox.write({ logoutId, reason, initiatingClientId: null, deliveries }),
    );
    await this.reader.remove(batch.participantIds);
    const ended = await this.sessions.markManyEnded(batch.end, reason ?? 'mass_logout', new Date());
    return {
      phase: job.phase,
      cursor: batch.cursor,
      sessionsSeen: batch.sessions,
      sessionsEnded: batch.logouts.length > 0 ? batch.sessions : ended,
      // Counted as planned: after a crash the repeat stores only the rest, the batch still holds them all.
      deliveriesEnqueued: planned.filter((d) => !d.failure).length,
    };
  }

  private async plan(batch: MassLogoutBatch): Promise<PlannedDelivery[]> {
    const clientIds = new Set(batch.logouts.flatMap((l) => l.participants.map((p) => p.clientId)));
    const clients = await this.pipeline.findClients([...clientIds]);
    return batch.logouts.flatMap(
      (l) => planLogout(l.scope, l.participants, clients, this.config.targetPolicy).deliveries,
    );
  }

  /** After a crash: what the previous runner already stored for the batch it was on (same `logout_id`). */
  private async storedByCrashedBatch(job: MassLogoutJobEntity): Promise<Set<string>> {
    const rows = await this.deliveries.findByLogout(batchLogoutId(job.id, job.batches));
    return new Set(rows.map((d) => deliveryKey(d)));
  }

  private emit(job: MassLogoutJobEntity, step: MassLogoutStep): void {
    const event: MassLogoutBatchEvent = {
      id: job.id,
      scope: job.scope as MassLogoutBatchEvent['scope'],
      sessionsSeen: step.sessionsSeen,
      sessionsEnded: step.sessionsEnded,
      deliveriesEnqueued: step.deliveriesEnqueued,
    };
    for (const listener of this.listeners) listener(event);
  }
}

function emptyStep(phase: string): MassLogoutStep {
  return {
    phase,
    cursor: null,
    sessionsSeen: 0,
    sessionsEnded: 0,
    deliveriesEnqueued: 0,
    phaseChange: true,
  };
}

function deliveryKey(d: { clientId: string; sub: string | null; sid: string | null }): string {
  return JSON.stringify([d.clientId, d.sub, d.sid]);
}

/** The same batch of the same run always gets the same `logout_id` (a UUID-shaped hash), so a repeat finds it. */
export function batchLogoutId(jobId: string, batch: number): string {
  const h = createHash('sha256').update(`${jobId}:${batch}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

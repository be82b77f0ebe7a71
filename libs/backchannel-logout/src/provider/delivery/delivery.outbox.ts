import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { DeliveryQueueGateway } from './delivery-queue.gateway';
import { DeliveryReporter } from './delivery.reporter';
import { DeliveryRepository, NewDeliveries } from './delivery.repository';
import { newDeliveryRows } from './delivery-row.factory';
import { InlineDeliveryDispatcher } from './inline-delivery.dispatcher';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** Writes that must follow the outbox commit (forgetting the session's participants). */
export interface AfterStore {
  /** Run once the rows are committed, alongside the enqueue; must not reject. */
  readonly afterCommit: () => Promise<void>;
  /**
   * The same writes inside the outbox's own transaction, used instead where that saves a commit
   * ({@link DeliveryRepository.prefersOneCommit}); must not reject either.
   */
  readonly inTransaction?: (manager: EntityManager) => Promise<void>;
}

/**
 * The transactional outbox: rows first (one atomic write), then one `addBulk` for the sendable ones. If Redis
 * is down they wait as `pending` for the relay, nothing is lost.
 */
@Injectable()
export class DeliveryOutbox {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueueGateway,
    private readonly reporter: DeliveryReporter,
    private readonly inline: InlineDeliveryDispatcher,
  ) {}

  /**
   * Store the deliveries of one logout, enqueue the sendable ones and start the first attempts inline (when
   * on) as soon as the rows are committed, while their fallback jobs are being added; their tokens are
   * signed while the rows are being written. With Redis up the rows
   * are written `queued` already, which saves the "mark queued" round trip: if the enqueue then fails they go
   * back to `pending` (attempted ones keep their outcome), and if even that fails the relay re-adds them as
   * `queued` rows without a job after `staleAfterMs`. Either way nothing is lost.
   * `after`: writes that must wait for the commit (forgetting the session's participants). They run alongside
   * the enqueue instead of after it, or on SQLite in the rows' own transaction (one commit); the call
   * resolves once they are done too.
   */
  async write(
    input: NewDeliveries,
    after?: AfterStore,
  ): Promise<{ rows: LogoutDeliveryEntity[]; enqueued: boolean }> {
    const online = !this.queue.isOffline();
    const rows = newDeliveryRows(input, new Date(), online ? 'queued' : 'pending');
    const sendable = rows.filter((r) => r.status !== 'failed');
    const inline = online ? this.inline.reserve(sendable.map((r) => r.id)) : [];
    // Signing runs on the thread pool: started now, it overlaps the INSERT's commit instead of following it.
    const tokens = this.inline.presign(sendable.slice(0, inline.length));
    const together = after?.inTransaction && this.deliveries.prefersOneCommit();
    try {
      await this.deliveries.insert(rows, together ? after.inTransaction : undefined);
    } catch (err) {
      this.inline.release(inline.length);
      throw err;
    }
    for (const r of rows) if (r.status === 'failed') this.reportNotSent(r);
    // Started first: the inline attempts and the enqueue go before the clean-up's query.
    const enqueued = online
      ? this.enqueueStored(sendable, inline.length, tokens)
      : !sendable.length;
    const [added] = await Promise.all([enqueued, together ? undefined : after?.afterCommit()]);
    return { rows, enqueued: added };
  }

  /**
   * The committed `queued` rows: dispatch the first `inline` of them and add the jobs; resolves to whether
   * the jobs were added (if not, the rows are moved back to `pending` for the relay).
   */
  private async enqueueStored(
    sendable: LogoutDeliveryEntity[],
    inline: number,
    tokens: ReadonlyMap<string, Promise<string>>,
  ): Promise<boolean> {
    if (sendable.length === 0) return true;
    const ids = sendable.map((r) => r.id);
    const add = () => this.queue.add(ids.slice(inline), ids.slice(0, inline));
    let adding: Promise<boolean>;
    if (inline === 0) {
      adding = add();
    } else {
      // The rows are committed: the POSTs need not wait for Redis (the jobs are only the fallback). The
      // attempts' first steps (admission, target check) run as microtasks; the enqueue's own CPU waits for
      // the next turn instead of delaying them.
      let enqueue!: (added: Promise<boolean>) => void;
      adding = new Promise<boolean>((resolve) => (enqueue = resolve));
      this.inline.dispatch(sendable.slice(0, inline), adding, tokens);
      setImmediate(() => enqueue(add()));
    }
    if (await adding) return true;
    for (const r of sendable) r.status = 'pending';
    await this.deliveries.markPending(ids).catch((err: Error) => {
      this.logger.warn(`could not mark ${ids.length} deliveries pending: ${err.message}`);
    });
    return false;
  }

  /**
   * Add one job per id, then mark the rows `queued`. Resolves to `false` (rows stay `pending` for the relay)
   * when Redis is down or too slow.
   */
  async enqueue(ids: readonly string[]): Promise<boolean> {
    if (ids.length === 0) return true;
    if (!(await this.queue.add(ids))) return false;
    await this.deliveries.markQueued(ids);
    return true;
  }

  /** A delivery that cannot be sent at all is an outcome too: reported like a final failed attempt. */
  private reportNotSent(row: LogoutDeliveryEntity): void {
    this.reporter.report(row, {
      attempt: 0,
      httpStatus: null,
      durationMs: 0,
      outcome: 'failed',
      errorCode: row.errorCode as BackchannelLogoutErrorCode,
      errorMessage: row.errorMessage ?? '',
    });
  }
}

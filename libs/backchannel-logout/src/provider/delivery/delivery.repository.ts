import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, Not, Repository } from 'typeorm';
import { LogoutDeliveryPage, LogoutDeliveryQuery } from '../audit/delivery-audit.interface';
import { BCL_DATA_SOURCE } from '../backchannel-logout.tokens';
import {
  insertRows,
  isSingleConnection,
  serialized,
  serializedTransaction,
} from './delivery-insert.util';
import { OpenDeliveryCounts, RecordedAttempt, StaleCursor } from './delivery-repository.types';
import { DeliveryReadBatcher } from './delivery-read.batcher';
import { DeliveryWriteBatcher } from './delivery-write.batcher';
import { OutcomeColumns, writeOutcomes } from './delivery-outcome-update.util';
import { applyDeliveryQuery, toDeliveryRecord } from './delivery-query.util';
import { NewDeliveries, newDeliveryRows } from './delivery-row.factory';
import {
  LogoutDeliveryEntity,
  OPEN_DELIVERY_STATUSES,
  TERMINAL_DELIVERY_STATUSES,
} from './logout-delivery.entity';

export type { NewDeliveries } from './delivery-row.factory';
export {
  STALE_START,
  type OpenDeliveryCounts,
  type RecordedAttempt,
  type StaleCursor,
} from './delivery-repository.types';

// ~20 columns a row: 1 000 rows stay under SQLite's (32 766) and PostgreSQL's (65 535) bound-parameter caps,
// so a logout of up to 1 000 RPs is one INSERT statement (atomic without BEGIN/COMMIT round trips).
const INSERT_CHUNK = 1000;
const UPDATE_CHUNK = 500;
/** Outcome batches written at once on a connection pool (PostgreSQL's default pool: 10 connections). */
const OUTCOME_BATCHES_AT_ONCE = 4;

/**
 * The one home of the `bcl_delivery` row: every status transition and every query goes through here, so
 * the life of a delivery (pending → queued → retrying/paused → delivered/unconfirmed/failed) reads in one file.
 */
@Injectable()
export class DeliveryRepository {
  private readonly rows: Repository<LogoutDeliveryEntity>;
  private readonly outcomes: DeliveryWriteBatcher<OutcomeColumns>;
  private readonly attemptable: DeliveryReadBatcher;

  constructor(@Inject(BCL_DATA_SOURCE) private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(LogoutDeliveryEntity);
    this.outcomes = new DeliveryWriteBatcher(
      (outcomes) => writeOutcomes(dataSource, this.rows.metadata, outcomes),
      // On a pool, a few batches at once: each waits for its commit's WAL flush, which the server shares.
      isSingleConnection(dataSource) ? 1 : OUTCOME_BATCHES_AT_ONCE,
    );
    this.attemptable = new DeliveryReadBatcher(this.rows);
  }

  /**
   * The outbox write: one row per planned delivery, atomically (see {@link insert}). A planned failure is
   * stored as `failed`, everything else as `sendable`: `queued` when the caller adds the jobs right after (the
   * relay re-adds a `queued` row whose job is missing after `staleAfterMs`), `pending` when Redis is known to
   * be down.
   */
  async create(
    input: NewDeliveries,
    now = new Date(),
    sendable: 'pending' | 'queued' = 'pending',
  ): Promise<LogoutDeliveryEntity[]> {
    const rows = newDeliveryRows(input, now, sendable);
    await this.insert(rows);
    return rows;
  }

  /**
   * Store rows built by `newDeliveryRows`, atomically: one multi-row INSERT, or one transaction above
   * {@link INSERT_CHUNK} rows or with `alongside` (other writes that commit with the rows, in one commit).
   */
  async insert(
    rows: readonly LogoutDeliveryEntity[],
    alongside?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (rows.length === 0 && !alongside) return;
    if (rows.length <= INSERT_CHUNK && !alongside) {
      await serialized(this.dataSource, () =>
        insertRows(this.dataSource.manager, this.rows.metadata, rows),
      );
      return;
    }
    await serializedTransaction(this.dataSource, async (manager) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await insertRows(manager, this.rows.metadata, rows.slice(i, i + INSERT_CHUNK));
      }
      await alongside?.(manager);
    });
  }

  /**
   * `true` when writes that follow the rows are cheaper in their transaction than after it: on SQLite every
   * query runs on the main thread and every commit is a WAL sync, so a later write cannot overlap anything and
   * costs one more sync. (On PostgreSQL a later write runs on another pooled connection, alongside the enqueue.)
   */
  prefersOneCommit(): boolean {
    return isSingleConnection(this.dataSource);
  }

  /** `queued` → `pending` for rows whose jobs could not be added: the relay's first pass takes them. */
  async markPending(ids: readonly string[]): Promise<void> {
    const now = new Date();
    for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
      await this.rows.update(
        { id: In(ids.slice(i, i + UPDATE_CHUNK)), status: 'queued', attempts: 0 },
        { status: 'pending', updatedAt: now },
      );
    }
  }

  /** `pending` → `queued` once the jobs exist (only rows still pending: a fast worker may be done already). */
  async markQueued(ids: readonly string[]): Promise<void> {
    const now = new Date();
    for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
      await this.rows.update(
        { id: In(ids.slice(i, i + UPDATE_CHUNK)), status: 'pending' },
        { status: 'queued', updatedAt: now },
      );
    }
  }

  /** `false` while the host's DataSource is not (or no longer) initialized. */
  isConnected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** One row, or `null`. */
  findById(id: string): Promise<LogoutDeliveryEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /**
   * The row an attempt works on, or `null` when there is nothing to do (unknown, paused or finished). Read
   * with the other attempts started in the same turn (see {@link DeliveryReadBatcher}).
   */
  async findAttemptable(id: string): Promise<LogoutDeliveryEntity | null> {
    const row = await this.attemptable.find(id);
    if (!row || row.status === 'paused' || TERMINAL_DELIVERY_STATUSES.includes(row.status)) {
      return null;
    }
    return row;
  }

  /**
   * Store the outcome of one attempt. A row paused while its attempt ran keeps `paused` unless the outcome
   * is final: the next attempt then finds it paused and does nothing.
   */
  recordAttempt(id: string, attempt: RecordedAttempt): Promise<void> {
    const now = new Date();
    // Outcomes of attempts that end together share one statement and commit (see DeliveryWriteBatcher).
    return this.outcomes.run({
      id,
      status: attempt.status,
      attempts: attempt.attempts,
      lastHttpStatus: attempt.httpStatus,
      errorCode: attempt.errorCode,
      errorMessage: attempt.errorMessage,
      tokenIssuedAt: attempt.tokenIssuedAt,
      lastAttemptAt: attempt.startedAt,
      deliveredAt: attempt.status === 'delivered' ? now : null,
      durationMs: attempt.durationMs,
      updatedAt: now,
    });
  }

  /** Admin retry: a `failed` row goes back to `pending`, to the client's current URI. */
  async resetForRetry(id: string, uri: string): Promise<void> {
    await this.rows.update(
      { id, status: 'failed' },
      { status: 'pending', uri, errorCode: null, errorMessage: null, updatedAt: new Date() },
    );
  }

  /**
   * Per-RP health: hold back every open delivery of `clientId` (`pending`/`queued`/`retrying` → `paused`).
   * An attempt of a paused row does nothing; {@link resumeClient} lets them go again.
   */
  async pauseClient(clientId: string): Promise<number> {
    const result = await this.rows.update(
      { clientId, status: In(['pending', 'queued', 'retrying']) },
      { status: 'paused', updatedAt: new Date() },
    );
    return result.affected ?? 0;
  }

  /**
   * `paused` → `queued` for `clientId`; resolves to the ids moved. Their jobs may have finished meanwhile
   * (an attempt of a paused row does nothing): hand the ids to `DeliveryQueueGateway.revive`, or let the
   * outbox relay re-add them once they are `staleAfterMs` old.
   */
  async resumeClient(clientId: string): Promise<string[]> {
    const paused = await this.rows.find({
      select: { id: true },
      where: { clientId, status: 'paused' },
    });
    const ids = paused.map((r) => r.id);
    const now = new Date();
    for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
      await this.rows.update(
        { id: In(ids.slice(i, i + UPDATE_CHUNK)), status: 'paused' },
        { status: 'queued', updatedAt: now },
      );
    }
    return ids;
  }

  /** The oldest `pending` rows (Redis was down when they were written), for the relay. */
  async findPendingIds(limit: number): Promise<string[]> {
    const rows = await this.rows.find({
      select: { id: true },
      where: { status: 'pending' },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** `queued`/`retrying` rows untouched since `before`, from `cursor` on: their job may have vanished. */
  findStale(before: Date, cursor: StaleCursor, limit: number): Promise<LogoutDeliveryEntity[]> {
    return this.rows
      .createQueryBuilder('d')
      .select(['d.id', 'd.updatedAt'])
      .where('d.status IN (:...statuses)', { statuses: ['queued', 'retrying'] })
      .andWhere('d.updatedAt < :before', { before })
      .andWhere('(d.updatedAt > :at OR (d.updatedAt = :at AND d.id > :id))', cursor)
      .orderBy('d.updatedAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /** The relay re-added these rows' jobs: they are not stale any more. */
  async touch(ids: readonly string[]): Promise<void> {
    await this.rows.update({ id: In([...ids]) }, { updatedAt: new Date() });
  }

  /** Deliveries of one logout that are not finished, leaving out those to `exceptClientIds`. */
  countOpen(logoutId: string, exceptClientIds: readonly string[] = []): Promise<number> {
    return this.rows.count({
      where: {
        logoutId,
        status: Not(In([...TERMINAL_DELIVERY_STATUSES])),
        ...(exceptClientIds.length > 0 ? { clientId: Not(In([...exceptClientIds])) } : {}),
      },
    });
  }

  /** Every delivery of one logout, in creation order. */
  findByLogout(logoutId: string): Promise<LogoutDeliveryEntity[]> {
    return this.rows.find({ where: { logoutId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Open deliveries by status (both queries use the (status, updated_at) index). */
  async countOpenByStatus(): Promise<OpenDeliveryCounts> {
    const raw = await this.rows
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where({ status: In([...OPEN_DELIVERY_STATUSES]) })
      .groupBy('d.status')
      .getRawMany<{ status: (typeof OPEN_DELIVERY_STATUSES)[number]; count: string | number }>();
    const counts = { pending: 0, queued: 0, retrying: 0, paused: 0 };
    for (const row of raw) counts[row.status] = Number(row.count);
    const oldest =
      counts.pending > 0
        ? await this.rows.findOne({
            select: { id: true, createdAt: true },
            where: { status: 'pending' },
            order: { createdAt: 'ASC' },
          })
        : null;
    return { counts, oldestPendingCreatedAt: oldest ? new Date(oldest.createdAt) : null };
  }

  /** One audit page matching `query`, newest first. */
  async page(query: LogoutDeliveryQuery = {}): Promise<LogoutDeliveryPage> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(500, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const [items, total] = await applyDeliveryQuery(this.rows.createQueryBuilder('d'), query)
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: items.map(toDeliveryRecord), total, page, pageSize };
  }
}

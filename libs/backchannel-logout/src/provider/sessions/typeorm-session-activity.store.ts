import {
  Brackets,
  DataSource,
  IsNull,
  MoreThan,
  Not,
  Repository,
  WhereExpressionBuilder,
} from 'typeorm';
import { ExpiredSession, SessionExpirySource } from '../expiry/session-expiry-source.interface';
import { SESSION_END_REASONS } from '../expiry/session-end.reasons';
import { SessionLifetimeConfig } from '../expiry/session-lifetime.config';
import { SessionActivityEntity } from './session-activity.entity';

/** What marking a session ended found: it was live (now ended), already ended, or never tracked. */
export type SessionEndMark = 'ended' | 'already_ended' | 'untracked';

/**
 * The `bcl_session` table: OP session lifetimes. Every end is one conditional UPDATE (`ended_at IS NULL`),
 * so of two processes ending or claiming the same session exactly one wins; that one notifies the RPs.
 */
export class TypeOrmSessionActivityStore implements SessionExpirySource {
  private readonly repository: Repository<SessionActivityEntity>;

  constructor(
    dataSource: DataSource,
    private readonly lifetime: SessionLifetimeConfig,
  ) {
    this.repository = dataSource.getRepository(SessionActivityEntity);
  }

  /** Start tracking `sid` (idempotent: a second call keeps the first start). */
  async begin(sid: string, sub: string, at: Date): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .insert()
      .values({ sid, sub, startedAt: at, lastActiveAt: at, endedAt: null, endReason: null })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  find(sid: string): Promise<SessionActivityEntity | null> {
    return this.repository.findOneBy({ sid });
  }

  async touch(sid: string, at: Date): Promise<void> {
    await this.repository.update({ sid, endedAt: IsNull() }, { lastActiveAt: at });
  }

  /** The lifetime `row` exceeded at `now`, as an audit reason, or `null` while it is live. */
  expiredReason(row: SessionActivityEntity, now: Date): string | null {
    const t = now.getTime();
    const { absoluteMs, idleMs } = this.lifetime;
    if (absoluteMs !== null && row.startedAt.getTime() < t - absoluteMs)
      return SESSION_END_REASONS.absoluteLifetime;
    if (idleMs !== null && row.lastActiveAt.getTime() < t - idleMs)
      return SESSION_END_REASONS.idleTimeout;
    return null;
  }

  async markEnded(sid: string, reason: string, at: Date): Promise<SessionEndMark> {
    const result = await this.repository.update(
      { sid, endedAt: IsNull() },
      { endedAt: at, endReason: reason.slice(0, 64) },
    );
    if ((result.affected ?? 0) > 0) return 'ended';
    return (await this.repository.existsBy({ sid })) ? 'already_ended' : 'untracked';
  }

  /** Marks every live session of `sub` ended; returns how many. */
  async markUserEnded(sub: string, reason: string, at: Date): Promise<number> {
    const result = await this.repository.update(
      { sub, endedAt: IsNull() },
      { endedAt: at, endReason: reason.slice(0, 64) },
    );
    return result.affected ?? 0;
  }

  /** Live sids of `sub` after `afterSid` in sid order, `limit` at a time (keyset paging). */
  async liveSidsOf(sub: string, afterSid: string, limit: number): Promise<string[]> {
    const rows = await this.repository.find({
      select: { sid: true },
      where: { sub, endedAt: IsNull(), sid: MoreThan(afterSid) },
      order: { sid: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.sid);
  }

  async claimExpired(limit: number, now: Date): Promise<ExpiredSession[]> {
    const { idleMs, absoluteMs } = this.lifetime;
    if (idleMs === null && absoluteMs === null) return [];
    const cutoffs = {
      idleBefore: new Date(now.getTime() - (idleMs ?? 0)),
      startedBefore: new Date(now.getTime() - (absoluteMs ?? 0)),
    };
    const expired = (qb: WhereExpressionBuilder): void => {
      if (idleMs !== null) qb.orWhere('last_active_at < :idleBefore', cutoffs);
      if (absoluteMs !== null) qb.orWhere('started_at < :startedBefore', cutoffs);
    };
    const candidates = await this.repository
      .createQueryBuilder('s')
      .where('s.endedAt IS NULL')
      .andWhere(new Brackets(expired))
      .orderBy('s.lastActiveAt', 'ASC')
      .limit(limit)
      .getMany();
    const claimed: ExpiredSession[] = [];
    for (const row of candidates) {
      const reason = this.expiredReason(row, now) ?? SESSION_END_REASONS.expired;
      // The claim itself: only one UPDATE of all concurrent runs finds the row still live.
      const result = await this.repository
        .createQueryBuilder()
        .update()
        .set({ endedAt: now, endReason: reason })
        .where('sid = :sid AND ended_at IS NULL', { sid: row.sid })
        .andWhere(new Brackets(expired))
        .execute();
      if ((result.affected ?? 0) > 0) claimed.push({ sid: row.sid, reason });
    }
    return claimed;
  }

  async release(sid: string): Promise<void> {
    await this.repository.update(
      { sid, endedAt: Not(IsNull()) },
      { endedAt: null, endReason: null },
    );
  }
}

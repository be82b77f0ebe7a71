import { DataSource, In, IsNull, MoreThan, Repository } from 'typeorm';
import { LogoutScope } from '../logout/logout.planner';
import { SessionActivityEntity } from '../sessions/session-activity.entity';
import { SessionParticipantEntity } from '../sessions/session-participant.entity';
import { SessionParticipant } from '../sessions/session-registry.interface';

/** One logout of a batch: the scope of its tokens and who took part. */
export interface BatchLogout {
  readonly scope: LogoutScope;
  readonly participants: readonly SessionParticipant[];
}

/** One page of a mass logout: what to notify, what to forget, and where the next page starts. */
export interface MassLogoutBatch {
  readonly logouts: readonly BatchLogout[];
  /** Registry rows to remove once the deliveries are stored. */
  readonly participantIds: readonly string[];
  /** `bcl_session` rows to end: by sid (scope `client`, phase `sessions`) or by user (scope `all`). */
  readonly end: { readonly sids: readonly string[] } | { readonly subs: readonly string[] };
  readonly sessions: number;
  readonly cursor: string;
}

// Keeps every `IN (...)` under SQLite's and PostgreSQL's bound-parameter limits.
const IN_CHUNK = 500;

/**
 * Keyset pages over the session registry table (`bcl_session_participant`) and `bcl_session`: each page is
 * one indexed range read after the saved cursor, so memory stays one batch whatever the table size. The
 * rows of a stored batch are removed by id (never by sub or sid: a login in the meantime stays recorded).
 */
export class MassLogoutBatchReader {
  private readonly participants: Repository<SessionParticipantEntity>;
  private readonly sessions: Repository<SessionActivityEntity>;

  constructor(dataSource: DataSource) {
    this.participants = dataSource.getRepository(SessionParticipantEntity);
    this.sessions = dataSource.getRepository(SessionActivityEntity);
  }

  /** The next sessions client `clientId` took part in, each with every participant of the session. */
  async clientSessions(
    clientId: string,
    cursor: string | null,
    limit: number,
  ): Promise<MassLogoutBatch | null> {
    const rows = await this.participants.find({
      where: { clientId, ...(cursor === null ? {} : { id: MoreThan(cursor) }) },
      order: { id: 'ASC' },
      take: limit,
    });
    if (rows.length === 0) return null;
    const sids = [...new Set(rows.map((r) => r.sid).filter((s): s is string => s !== null))];
    const all = await this.inChunks(sids, (chunk) => this.participants.findBy({ sid: In(chunk) }));
    const logouts: BatchLogout[] = groupBy(all, (p) => p.sid as string).map(([sid, ps]) => ({
      scope: { sid },
      participants: ps.map(participant),
    }));
    // An RP session without sid: only that client's token, sub-only (BCL §2.4), as it cannot be tied to one OP session.
    const sidless = rows.filter((r) => r.sid === null);
    for (const r of sidless)
      logouts.push({ scope: { sub: r.sub }, participants: [participant(r)] });
    return {
      logouts,
      participantIds: [...all, ...sidless].map((p) => p.id),
      end: { sids },
      sessions: sids.length + sidless.length,
      cursor: rows[rows.length - 1].id,
    };
  }

  /** The next users (in `sub` order) with every RP session of each. */
  async users(cursor: string | null, limit: number): Promise<MassLogoutBatch | null> {
    const query = this.participants
      .createQueryBuilder('p')
      .select('p.sub', 'sub')
      .distinct(true)
      .orderBy('p.sub', 'ASC')
      .limit(limit);
    if (cursor !== null) query.where('p.sub > :cursor', { cursor });
    const subs = (await query.getRawMany<{ sub: string }>()).map((r) => r.sub);
    if (subs.length === 0) return null;
    const all = await this.inChunks(subs, (chunk) => this.participants.findBy({ sub: In(chunk) }));
    const groups = groupBy(all, (p) => p.sub);
    const sessions = groups.reduce((n, [, ps]) => {
      const sids = new Set(ps.map((p) => p.sid));
      return n + sids.size;
    }, 0);
    return {
      logouts: groups.map(([sub, ps]) => ({ scope: { sub }, participants: ps.map(participant) })),
      participantIds: all.map((p) => p.id),
      end: { subs },
      sessions,
      cursor: subs[subs.length - 1],
    };
  }

  /** The next live `bcl_session` rows (sessions no RP took part in are left after the users phase). */
  async liveSessions(cursor: string | null, limit: number): Promise<MassLogoutBatch | null> {
    const rows = await this.sessions.find({
      select: { sid: true },
      where: { endedAt: IsNull(), ...(cursor === null ? {} : { sid: MoreThan(cursor) }) },
      order: { sid: 'ASC' },
      take: limit,
    });
    if (rows.length === 0) return null;
    const sids = rows.map((r) => r.sid);
    return {
      logouts: [],
      participantIds: [],
      end: { sids },
      sessions: sids.length,
      cursor: sids[sids.length - 1],
    };
  }

  /** Forget the registry rows of a stored batch. */
  async remove(ids: readonly string[]): Promise<void> {
    await this.inChunks(ids, async (chunk) => {
      await this.participants.delete({ id: In(chunk) });
      return [];
    });
  }

  private async inChunks<T>(keys: readonly string[], read: (chunk: string[]) => Promise<T[]>) {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK)
      out.push(...(await read(keys.slice(i, i + IN_CHUNK))));
    return out;
  }
}

function participant({ sid, sub, clientId }: SessionParticipantEntity): SessionParticipant {
  return { sid, sub, clientId };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

import { LessThanOrEqual, MoreThan, type DataSource, type Repository } from 'typeorm';
import type { TypeOrmStoreOptions } from '../../replay/typeorm-replay.store';
import { Periodic } from '../../storage/typeorm/periodic.util';
import { BackchannelSessionLinkRecord } from '../../storage/typeorm/session-link.entity';
import type {
  SessionIndexStore,
  SessionLink,
  SessionLinkInput,
  SessionLinkQuery,
} from './session-index-store.interface';

/** Options of `TypeOrmSessionIndexStore`. */
export interface TypeOrmSessionIndexStoreOptions extends TypeOrmStoreOptions {
  /** Default lifetime of a link; match your sessions' maximum lifetime. Default 7 days. */
  readonly ttlSeconds?: number;
}

/**
 * A `SessionIndexStore` in your database: table `bcl_receiver_session_link`, indexed on `(iss, sid)` and
 * `(iss, sub)`, so a lookup reads only that user's rows. Expired links are purged opportunistically.
 */
export class TypeOrmSessionIndexStore implements SessionIndexStore {
  private readonly repository: Repository<BackchannelSessionLinkRecord>;
  private readonly purge: Periodic;
  private readonly ttlSeconds: number;

  constructor(dataSource: DataSource, options: TypeOrmSessionIndexStoreOptions = {}) {
    this.repository = dataSource.getRepository(BackchannelSessionLinkRecord);
    this.purge = new Periodic(1000 * (options.purgeIntervalSeconds ?? 60));
    this.ttlSeconds = options.ttlSeconds ?? 7 * 24 * 3600;
  }

  async link(input: SessionLinkInput): Promise<void> {
    await this.purge.maybeRun(() =>
      this.repository.delete({ expiresAt: LessThanOrEqual(Date.now()) }),
    );
    await this.repository.upsert(
      {
        sessionId: input.sessionId,
        iss: input.iss,
        sub: input.sub ?? null,
        sid: input.sid ?? null,
        authTime: input.authTime === undefined ? null : Math.floor(input.authTime),
        expiresAt: Date.now() + 1000 * (input.ttlSeconds ?? this.ttlSeconds),
      },
      ['sessionId'],
    );
  }

  async unlink(sessionId: string): Promise<void> {
    await this.repository.delete({ sessionId });
  }

  async find(query: SessionLinkQuery): Promise<SessionLink[]> {
    const by =
      'sid' in query ? { iss: query.iss, sid: query.sid } : { iss: query.iss, sub: query.sub };
    const rows = await this.repository.find({ where: { ...by, expiresAt: MoreThan(Date.now()) } });
    return rows.map((row) => ({
      iss: row.iss,
      sessionId: row.sessionId,
      ...(row.sub !== null ? { sub: row.sub } : {}),
      ...(row.sid !== null ? { sid: row.sid } : {}),
      ...(row.authTime !== null ? { authTime: row.authTime } : {}),
    }));
  }
}

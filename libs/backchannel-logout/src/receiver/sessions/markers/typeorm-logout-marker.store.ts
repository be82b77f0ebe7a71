import { LessThanOrEqual, MoreThan, type DataSource, type Repository } from 'typeorm';
import type { TypeOrmStoreOptions } from '../../replay/typeorm-replay.store';
import { BackchannelLogoutMarkerRecord } from '../../storage/typeorm/logout-marker.entity';
import { Periodic } from '../../storage/typeorm/periodic.util';
import type {
  FoundLogoutMarkers,
  LogoutMarker,
  LogoutMarkerQuery,
  LogoutMarkerStore,
} from './logout-marker-store.interface';

/** A `LogoutMarkerStore` in your database: table `bcl_receiver_logout_marker`, keyed by `(kind, iss, value)`. */
export class TypeOrmLogoutMarkerStore implements LogoutMarkerStore {
  private readonly repository: Repository<BackchannelLogoutMarkerRecord>;
  private readonly purge: Periodic;

  constructor(dataSource: DataSource, options: TypeOrmStoreOptions = {}) {
    this.repository = dataSource.getRepository(BackchannelLogoutMarkerRecord);
    this.purge = new Periodic(1000 * (options.purgeIntervalSeconds ?? 60));
  }

  async mark(marker: LogoutMarker, ttlSeconds: number): Promise<void> {
    const now = Date.now();
    await this.purge.maybeRun(() => this.repository.delete({ expiresAt: LessThanOrEqual(now) }));
    const key = {
      kind: marker.kind,
      iss: marker.iss,
      value: marker.kind === 'sid' ? marker.sid : marker.sub,
    };
    // Ceil: a session authenticated within the token's second counts as logged out (the safe side).
    const values = {
      sub: marker.kind === 'sid' ? (marker.sub ?? null) : null,
      iat: Math.ceil(marker.iat),
      expiresAt: now + ttlSeconds * 1000,
    };
    await this.repository
      .createQueryBuilder()
      .insert()
      .values({ ...key, ...values })
      .orIgnore()
      .execute();
    // Atomic on the row: the later iat wins, a late older token cannot lower it (unless the marker expired).
    await this.repository
      .createQueryBuilder()
      .update()
      .set(values)
      .where('kind = :kind AND iss = :iss AND value = :value', key)
      .andWhere('(iat <= :iat OR expires_at <= :now)', { iat: values.iat, now })
      .execute();
  }

  async find(query: LogoutMarkerQuery): Promise<FoundLogoutMarkers> {
    const wanted: Array<{ kind: 'sid' | 'sub'; value: string }> = [];
    if (query.sid !== undefined) wanted.push({ kind: 'sid', value: query.sid });
    if (query.sub !== undefined) wanted.push({ kind: 'sub', value: query.sub });
    if (wanted.length === 0) return {};
    const rows = await this.repository.find({
      where: wanted.map((w) => ({ ...w, iss: query.iss, expiresAt: MoreThan(Date.now()) })),
    });
    const sid = rows.find((r) => r.kind === 'sid');
    const sub = rows.find((r) => r.kind === 'sub');
    return {
      ...(sid
        ? {
            sid: {
              kind: 'sid',
              iss: sid.iss,
              sid: sid.value,
              iat: sid.iat,
              ...(sid.sub ? { sub: sid.sub } : {}),
            },
          }
        : {}),
      ...(sub ? { sub: { kind: 'sub', iss: sub.iss, sub: sub.value, iat: sub.iat } } : {}),
    };
  }

  async clearSid(iss: string, sid: string): Promise<void> {
    await this.repository.delete({ kind: 'sid', iss, value: sid });
  }
}

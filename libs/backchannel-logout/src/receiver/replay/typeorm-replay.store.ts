import { LessThanOrEqual, type DataSource, type Repository } from 'typeorm';
import { Periodic } from '../storage/typeorm/periodic.util';
import { BackchannelReplayRecord } from '../storage/typeorm/replay-record.entity';
import { isUniqueViolation } from '../storage/typeorm/unique-violation.util';
import type { ReplayKey, ReplayStore } from './replay-store.interface';
import { digest } from './replay-key.util';

/** Options of the TypeORM-backed stores. */
export interface TypeOrmStoreOptions {
  /** Expired rows are deleted at most this often, during normal calls. Default 60 seconds. */
  readonly purgeIntervalSeconds?: number;
}

/**
 * A `ReplayStore` in your database (SQLite, PostgreSQL, ...): an insert into `bcl_receiver_replay`, whose
 * primary key `(iss, jti_digest)` turns a second use into a unique violation — atomic across instances.
 * Expired rows are purged opportunistically. Register `BACKCHANNEL_RECEIVER_ENTITIES` in your DataSource.
 */
export class TypeOrmReplayStore implements ReplayStore {
  private readonly repository: Repository<BackchannelReplayRecord>;
  private readonly purge: Periodic;

  constructor(dataSource: DataSource, options: TypeOrmStoreOptions = {}) {
    this.repository = dataSource.getRepository(BackchannelReplayRecord);
    this.purge = new Periodic(1000 * (options.purgeIntervalSeconds ?? 60));
  }

  async markUsed(key: ReplayKey, expiresAt: number): Promise<boolean> {
    await this.purge.maybeRun(() =>
      this.repository.delete({ expiresAt: LessThanOrEqual(Date.now()) }),
    );
    const row = { iss: key.iss, jtiDigest: digest(key.jti), expiresAt: Math.ceil(expiresAt) };
    if (await this.tryInsert(row)) return true;
    // The same pair may still be there only because it expired and was not purged yet.
    const expired = await this.repository.delete({
      iss: row.iss,
      jtiDigest: row.jtiDigest,
      expiresAt: LessThanOrEqual(Date.now()),
    });
    return (expired.affected ?? 0) > 0 && (await this.tryInsert(row));
  }

  async release(key: ReplayKey): Promise<void> {
    await this.repository.delete({ iss: key.iss, jtiDigest: digest(key.jti) });
  }

  private async tryInsert(row: BackchannelReplayRecord): Promise<boolean> {
    try {
      await this.repository.insert(row);
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}

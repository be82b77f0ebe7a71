import { LessThanOrEqual, type DataSource, type Repository } from 'typeorm';
import { Periodic } from '../storage/typeorm/periodic.util';
import { BackchannelReplayRecord } from '../storage/typeorm/replay-record.entity';
import { isUniqueViolation } from '../storage/typeorm/unique-violation.util';
import type { ReplayKey, ReplayState, ReplayStore } from './replay-store.interface';
import { digest } from './replay-key.util';

/** Options of the TypeORM-backed stores. */
export interface TypeOrmStoreOptions {
  /** Expired rows are deleted at most this often, during normal calls. Default 60 seconds. */
  readonly purgeIntervalSeconds?: number;
}

/**
 * A `ReplayStore` in your database (SQLite, PostgreSQL, ...): a row in `bcl_receiver_replay`, whose primary key
 * `(iss, jti_digest)` turns a second claim into a unique violation — atomic across instances. `lease_owner`
 * names the request holding it in progress (null once done). Expired rows are purged opportunistically.
 * Register `BACKCHANNEL_RECEIVER_ENTITIES` in your DataSource (or run `BACKCHANNEL_RECEIVER_MIGRATIONS`).
 */
export class TypeOrmReplayStore implements ReplayStore {
  private readonly repository: Repository<BackchannelReplayRecord>;
  private readonly purge: Periodic;

  constructor(dataSource: DataSource, options: TypeOrmStoreOptions = {}) {
    this.repository = dataSource.getRepository(BackchannelReplayRecord);
    this.purge = new Periodic(1000 * (options.purgeIntervalSeconds ?? 60));
  }

  async acquire(key: ReplayKey, owner: string, leaseUntil: number): Promise<ReplayState> {
    await this.purge.maybeRun(() =>
      this.repository.delete({ expiresAt: LessThanOrEqual(Date.now()) }),
    );
    const id = { iss: key.iss, jtiDigest: digest(key.jti) };
    const row = { ...id, expiresAt: Math.ceil(leaseUntil), leaseOwner: owner };
    // A few rounds at most: the row we collide with may expire, be released or be purged in between.
    for (let round = 0; round < 3; round++) {
      if (await this.tryInsert(row)) return 'acquired';
      const existing = await this.repository.findOne({ where: id });
      if (existing && existing.expiresAt > Date.now()) {
        return existing.leaseOwner === null ? 'done' : 'in_progress';
      }
      // Expired but not purged yet: remove exactly that row (another claimer may have replaced it).
      if (existing) await this.repository.delete({ ...id, expiresAt: existing.expiresAt });
    }
    return 'in_progress';
  }

  async complete(key: ReplayKey, expiresAt: number): Promise<void> {
    await this.repository.upsert(
      {
        iss: key.iss,
        jtiDigest: digest(key.jti),
        expiresAt: Math.ceil(expiresAt),
        leaseOwner: null,
      },
      ['iss', 'jtiDigest'],
    );
  }

  async release(key: ReplayKey, owner: string): Promise<void> {
    await this.repository.delete({ iss: key.iss, jtiDigest: digest(key.jti), leaseOwner: owner });
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

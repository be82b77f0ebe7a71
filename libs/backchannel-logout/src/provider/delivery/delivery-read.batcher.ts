import { Repository } from 'typeorm';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** Ids per `IN (...)`: far below SQLite's and PostgreSQL's bound-parameter caps. */
const READ_CHUNK = 500;

const copy = (row: LogoutDeliveryEntity): LogoutDeliveryEntity =>
  Object.assign(new LogoutDeliveryEntity(), row);

interface PendingRead {
  readonly resolve: (row: LogoutDeliveryEntity | null) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Coalesces the row reads issued in one event-loop turn (the attempts a worker starts together) into one
 * `SELECT ... WHERE id IN (...)`: one round trip and one statement instead of one per attempt.
 * Each caller gets the row as that statement read it, exactly as its own `SELECT` would have (a read a
 * turn later, never a cached one).
 */
export class DeliveryReadBatcher {
  private queued = new Map<string, PendingRead[]>();

  constructor(private readonly rows: Repository<LogoutDeliveryEntity>) {}

  /** The row `id`, or `null`; read with the other ids asked for in the same turn. */
  find(id: string): Promise<LogoutDeliveryEntity | null> {
    return new Promise((resolve, reject) => {
      if (this.queued.size === 0) setImmediate(() => void this.flush());
      const waiting = this.queued.get(id);
      if (waiting) waiting.push({ resolve, reject });
      else this.queued.set(id, [{ resolve, reject }]);
    });
  }

  /**
   * `SELECT <every column> ... WHERE id IN (...)`, built from the column metadata and hydrated with the
   * driver's own conversion, as TypeORM's `findBy` would (which spends more CPU building the query than the
   * database running it).
   */
  private async select(ids: readonly string[]): Promise<LogoutDeliveryEntity[]> {
    const { manager, metadata } = this.rows;
    const { driver } = manager.connection;
    const table = metadata.tablePath
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
    const key = metadata.findColumnWithPropertyName('id')!;
    const names = metadata.columns.map((c) => driver.escape(c.databaseName)).join(', ');
    const params = ids.map((id, i) => driver.createParameter(`p${i}`, i)).join(', ');
    const raw = await manager.query<Array<Record<string, unknown>>>(
      `SELECT ${names} FROM ${table} WHERE ${driver.escape(key.databaseName)} IN (${params})`,
      [...ids],
    );
    return raw.map((values) => {
      const row = new LogoutDeliveryEntity();
      for (const column of metadata.columns) {
        const value = values[column.databaseName];
        if (value !== undefined)
          column.setEntityValue(row, driver.prepareHydratedValue(value, column));
      }
      return row;
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const chunk = ids.slice(i, i + READ_CHUNK);
      try {
        const found = await this.select(chunk);
        const byId = new Map(found.map((row) => [row.id, row]));
        for (const id of chunk) {
          // Callers asking for the same id each get their own copy: they may change it.
          const row = byId.get(id) ?? null;
          batch.get(id)!.forEach((read, k) => read.resolve(row && k > 0 ? copy(row) : row));
        }
      } catch (err) {
        for (const id of chunk) for (const read of batch.get(id)!) read.reject(err);
      }
    }
  }
}

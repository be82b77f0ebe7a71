import { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';

const SINGLE_CONNECTION_DRIVERS: readonly string[] = ['better-sqlite3', 'sqlite'];

/**
 * Tail of the transactions on each single-connection DataSource. TypeORM's SQLite drivers share one
 * connection, and SQLite refuses a BEGIN inside an open transaction, so concurrent logouts would fail with
 * "cannot start a transaction within a transaction": they take turns instead.
 */
const transactionTails = new WeakMap<DataSource, Promise<unknown>>();

/** `true` when `ds` has one connection (TypeORM's SQLite drivers): its statements run one at a time. */
export function isSingleConnection(ds: DataSource): boolean {
  return SINGLE_CONNECTION_DRIVERS.includes(ds.options.type);
}

/**
 * Run `work` on its own: on a single-connection (SQLite) DataSource after the previous serialized work
 * settled, so it never lands inside another caller's open transaction (and is never rolled back with it).
 */
export function serialized<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  if (!isSingleConnection(ds)) return work();
  const run = (transactionTails.get(ds) ?? Promise.resolve()).then(work);
  transactionTails.set(
    ds,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * One transaction; on a single-connection (SQLite) DataSource, after the previous one settled. A host whose
 * DataSource the module shares uses it for its own transactions, so they never interleave with the
 * library's on SQLite's one connection.
 *
 * @example
 * await serializedTransaction(dataSource, async (manager) => {
 *   await manager.update(Session, { sid }, { endedAt: new Date() });
 *   await manager.update(RefreshToken, { sid }, { revokedAt: new Date() });
 * });
 */
export function serializedTransaction<T>(
  ds: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return serialized(ds, () => ds.transaction(work));
}

/**
 * One multi-row INSERT of `rows` into `meta`'s table, built from the column metadata with the driver's own
 * value conversion and placeholders (TypeORM's insert builder spends ~4x the CPU building the same SQL). On
 * PostgreSQL the values go as one array per column through `unnest`: 20 parameters instead of 20 per row,
 * which PostgreSQL parses and binds several times faster than a 1 000-tuple VALUES list.
 */
export async function insertRows(
  manager: EntityManager,
  meta: EntityMetadata,
  rows: readonly object[],
): Promise<void> {
  const { driver } = manager.connection;
  const columns = meta.columns;
  const table = meta.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  // The rows of one logout share their Date objects (created, updated): each is converted once per column.
  const values = columns.map((column) => {
    let from: unknown;
    let to: unknown;
    return (row: object): unknown => {
      const value: unknown = column.getEntityValue(row);
      if (!(value instanceof Date)) return driver.preparePersistentValue(value, column);
      if (value !== from) {
        from = value;
        to = driver.preparePersistentValue(value, column) as unknown;
      }
      return to;
    };
  });
  if (driver.options.type === 'postgres' && columns.every((c) => !c.isArray)) {
    const arrays = values.map((value) => rows.map(value));
    const casts = columns.map((c, i) => `$${i + 1}::${driver.normalizeType(c)}[]`);
    await manager.query(
      `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${casts.join(', ')})`,
      arrays,
    );
    return;
  }
  const params: unknown[] = [];
  for (const row of rows) for (const value of values) params.push(value(row));
  await manager.query(
    `INSERT INTO ${table} (${names}) VALUES ${tuples(driver, columns.length, rows.length)}`,
    params,
  );
}

/** `(p1, ..., pN), ...` for `rows` rows of `width` values, in the driver's placeholders (kept per size). */
function tuples(driver: Driver, width: number, rows: number): string {
  let bySize = placeholderLists.get(driver);
  if (!bySize) placeholderLists.set(driver, (bySize = new Map<string, string>()));
  const key = `${width}x${rows}`;
  let list = bySize.get(key);
  if (list === undefined) {
    const all: string[] = [];
    for (let r = 0; r < rows; r++) {
      const one: string[] = [];
      for (let c = 0; c < width; c++) {
        const index = r * width + c;
        one.push(driver.createParameter(`p${index + 1}`, index));
      }
      all.push(`(${one.join(', ')})`);
    }
    list = all.join(', ');
    // A few sizes are common (one per RP count); do not keep every size ever seen.
    if (bySize.size >= 16) bySize.clear();
    bySize.set(key, list);
  }
  return list;
}

const placeholderLists = new WeakMap<Driver, Map<string, string>>();

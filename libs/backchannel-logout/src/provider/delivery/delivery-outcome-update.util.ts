import { DataSource, EntityManager, EntityMetadata, Not } from 'typeorm';
import { serialized, serializedTransaction } from './delivery-insert.util';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** The columns one attempt writes on its row (`id` selects the row). */
export type OutcomeColumns = Pick<
  LogoutDeliveryEntity,
  | 'id'
  | 'status'
  | 'attempts'
  | 'lastHttpStatus'
  | 'errorCode'
  | 'errorMessage'
  | 'tokenIssuedAt'
  | 'lastAttemptAt'
  | 'deliveredAt'
  | 'durationMs'
  | 'updatedAt'
>;

const PROPERTIES = [
  'id',
  'status',
  'attempts',
  'lastHttpStatus',
  'errorCode',
  'errorMessage',
  'tokenIssuedAt',
  'lastAttemptAt',
  'deliveredAt',
  'durationMs',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof OutcomeColumns>;

/** Drivers whose SQL has `WITH v(...) AS (VALUES ...) UPDATE ... FROM v` (SQLite since 3.33). */
const ONE_STATEMENT_DRIVERS: readonly string[] = ['postgres', 'better-sqlite3', 'sqlite'];

/**
 * Write the outcomes of several attempts (distinct ids) atomically: one statement, or one statement each in
 * a transaction on a driver without `UPDATE ... FROM`. A `retrying` outcome leaves a row that was paused
 * meanwhile `paused` (its other columns are written): the next attempt finds it paused and does nothing.
 */
export async function writeOutcomes(
  dataSource: DataSource,
  meta: EntityMetadata,
  outcomes: readonly OutcomeColumns[],
): Promise<void> {
  if (outcomes.length === 0) return;
  if (ONE_STATEMENT_DRIVERS.includes(dataSource.options.type)) {
    await serialized(dataSource, () => updateAll(dataSource.manager, meta, outcomes));
    return;
  }
  await serializedTransaction(dataSource, async (manager) => {
    for (const outcome of outcomes) await updateOne(manager, outcome);
  });
}

async function updateAll(
  manager: EntityManager,
  meta: EntityMetadata,
  outcomes: readonly OutcomeColumns[],
): Promise<void> {
  const { driver } = manager.connection;
  const columns = PROPERTIES.map((p) => meta.findColumnWithPropertyName(p)!);
  const postgres = driver.options.type === 'postgres';
  // PostgreSQL types a VALUES list from its parameters, which are untyped: cast each to its column's type.
  const types = columns.map((c) => (postgres ? `::${driver.normalizeType(c)}` : ''));
  const params: unknown[] = [];
  const tuples = outcomes.map((outcome) => {
    const placeholders = columns.map((column, i) => {
      params.push(driver.preparePersistentValue(outcome[PROPERTIES[i]], column));
      return driver.createParameter(`p${params.length}`, params.length - 1) + types[i];
    });
    return `(${placeholders.join(', ')})`;
  });
  const table = meta.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  const names = PROPERTIES.map((_, i) => `c${i}`);
  const col = (i: number) => driver.escape(columns[i].databaseName);
  const status = `${table}.${col(1)}`;
  const sets = columns.slice(1).map((_, k) => {
    const i = k + 1;
    if (i !== 1) return `${col(i)} = v.c${i}`;
    return `${col(1)} = CASE WHEN v.c1 = 'retrying' AND ${status} = 'paused' THEN ${status} ELSE v.c1 END`;
  });
  await manager.query(
    `WITH v (${names.join(', ')}) AS (VALUES ${tuples.join(', ')}) ` +
      `UPDATE ${table} SET ${sets.join(', ')} FROM v WHERE ${table}.${col(0)} = v.c0`,
    params,
  );
}

async function updateOne(manager: EntityManager, outcome: OutcomeColumns): Promise<void> {
  const rows = manager.getRepository(LogoutDeliveryEntity);
  const { id, status, ...rest } = outcome;
  if (status !== 'retrying') {
    await rows.update({ id }, { status, ...rest });
    return;
  }
  const result = await rows.update({ id, status: Not('paused') }, { status, ...rest });
  if (!result.affected) await rows.update({ id }, rest);
}

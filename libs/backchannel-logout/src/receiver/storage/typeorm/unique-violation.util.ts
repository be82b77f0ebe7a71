/** True for a unique/primary-key violation on PostgreSQL (23505) or SQLite (better-sqlite3). */
export function isUniqueViolation(err: unknown): boolean {
  const driverError = (err as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = driverError?.code ?? (err as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

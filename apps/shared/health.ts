import type { Response } from 'express';
import type { DataSource } from 'typeorm';

/** One dependency as `/health` reports it. */
export interface ComponentHealth {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

/** The `/health` body: `ok` (HTTP 200) only when every dependency is up, else `unavailable` (503). */
export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly checks: Readonly<Record<string, ComponentHealth>>;
}

/** Runs one check with a deadline: a dependency that does not answer in time is down. */
async function probe(check: () => Promise<unknown>, timeoutMs = 1000): Promise<ComponentHealth> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { status: 'down', latencyMs: Date.now() - started, error: error.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** The minimal ioredis surface a Redis check needs. */
export interface PingableRedis {
  readonly status: string;
  ping(): Promise<unknown>;
}

/** PING, failing at once when the client is not connected (ioredis would queue it until it is). */
export function pingRedis(redis: PingableRedis): Promise<unknown> {
  if (redis.status !== 'ready')
    return Promise.reject(new Error(`redis connection ${redis.status}`));
  return redis.ping();
}

/** A database check: the cheapest query every driver answers. */
export function pingDatabase(dataSource: DataSource): Promise<unknown> {
  return dataSource.query('SELECT 1');
}

/**
 * `GET /health` of a sample app: runs every check at once (each with its deadline) and answers 200 when
 * all are up, else 503; never cached. Each app names its own dependencies.
 */
export async function sendHealth(
  res: Response,
  checks: Readonly<Record<string, () => Promise<unknown>>>,
): Promise<void> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await probe(check)] as const),
  );
  const up = results.every(([, result]) => result.status === 'up');
  const report: HealthReport = {
    status: up ? 'ok' : 'unavailable',
    checks: Object.fromEntries(results),
  };
  res
    .status(up ? 200 : 503)
    .set('Cache-Control', 'no-store')
    .json(report);
}

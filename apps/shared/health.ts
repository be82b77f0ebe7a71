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
export async function probe(
  check: () => Promise<unknown>,
  timeoutMs = 1000,
): Promise<ComponentHealth> {
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

export function healthReport(checks: Record<string, ComponentHealth>): HealthReport {
  const up = Object.values(checks).every((c) => c.status === 'up');
  return { status: up ? 'ok' : 'unavailable', checks };
}

import { tmpdir } from 'node:os';

/**
 * What `scripts/bench.js` hands every section process through the environment. A section can also be
 * run alone (`node -r ./scripts/ts-register.js bench/sections/<id>.section.ts`): then Redis is the
 * default one, the scale is quick, and the result is printed instead of written to a file.
 */
export interface BenchEnv {
  readonly redisUrl: string;
  /** A directory this run owns (SQLite files); removed by bench.js. */
  readonly tmpDir: string;
  /** Smaller sizes, to iterate; never for the committed numbers. */
  readonly quick: boolean;
  /** Every Redis key of the run starts with this; bench.js deletes what is left after each section. */
  readonly keyPrefix: string;
  /** Where the section writes its JSON result (unset: print it). */
  readonly resultFile: string | undefined;
  /** A PostgreSQL URL: database-backed sections also run on PostgreSQL. */
  readonly postgresUrl: string | undefined;
}

export function benchEnv(): BenchEnv {
  const env = process.env;
  const databaseUrl = env.DATABASE_URL;
  return {
    redisUrl: env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    tmpDir: env.BENCH_TMP_DIR ?? tmpdir(),
    quick: env.BENCH_QUICK !== '0' && (env.BENCH_QUICK === '1' || !env.BENCH_RESULT_FILE),
    keyPrefix: env.BENCH_KEY_PREFIX ?? `bclbench:${process.pid}:`,
    resultFile: env.BENCH_RESULT_FILE,
    postgresUrl: databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl) ? databaseUrl : undefined,
  };
}

/** Pick the quick or the full size. */
export function size<T>(env: BenchEnv, quick: T, full: T): T {
  return env.quick ? quick : full;
}

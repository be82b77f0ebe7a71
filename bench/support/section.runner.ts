import { writeFileSync } from 'node:fs';
import { BenchEnv, benchEnv } from './bench-env.util';
import { deleteKeysWithPrefix } from '../../test/support/redis';

/** One table of a section, already formatted (bench.js renders it for the console and for Markdown). */
export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/**
 * One measurement against an issue #10 target (bench/report/targets.util.ts lists the targets and judges
 * them): `value` is what the target bounds (a same-run ratio, or milliseconds); `detail` says what it
 * was computed from.
 */
export interface TargetMeasurement {
  readonly target: string;
  readonly value: number;
  readonly detail: string;
}

/** What a section reports. */
export interface SectionReport {
  /** One paragraph: what is measured, how, and at which sizes. */
  readonly measures: string;
  readonly tables: readonly BenchTable[];
  /** Honest sentences: where ours loses and why, caveats of the set-up. */
  readonly notes: readonly string[];
  /** Its measurements against the issue #10 targets, for the Targets table at the top of the report. */
  readonly targets?: readonly TargetMeasurement[];
  /** Raw numbers, kept in the JSON result for whoever wants to plot them. */
  readonly data?: unknown;
}

export interface SectionResult extends SectionReport {
  readonly id: string;
  readonly title: string;
  readonly quick: boolean;
  readonly durationMs: number;
}

/**
 * Runs one section in this process: the body measures and reports; the result goes to
 * `BENCH_RESULT_FILE` (or stdout). Redis keys under the run's prefix are removed afterwards, even
 * when the body throws; the process then exits (a section never lingers on an open handle).
 */
export function runSection(
  id: string,
  title: string,
  body: (env: BenchEnv) => Promise<SectionReport>,
): void {
  const env = benchEnv();
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[${id}] ${line}\n`);
  log(`start (${env.quick ? 'quick' : 'full'} size)`);
  void body(env)
    .then((report) => {
      const result: SectionResult = {
        id,
        title,
        quick: env.quick,
        durationMs: Date.now() - started,
        ...report,
      };
      const json = JSON.stringify(result, null, 2);
      if (env.resultFile) writeFileSync(env.resultFile, json);
      else process.stdout.write(`${json}\n`);
      log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    })
    .catch((err: unknown) => {
      log(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return 1;
    })
    .then(async (code) => {
      await deleteKeysWithPrefix(env.keyPrefix, env.redisUrl).catch(() => 0);
      process.exit(code);
    });
}

/** Progress line on stderr (stdout may carry the result). */
export function progress(id: string, line: string): void {
  process.stderr.write(`[${id}] ${line}\n`);
}

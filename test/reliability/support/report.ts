import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const DIR = resolve(__dirname, '../../../artifacts/reliability');

/** The machine, for numbers that only mean something next to it. */
export function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/**
 * Writes a scenario's numbers to artifacts/reliability/<name>.json and prints them. Numbers are reported,
 * never asserted: speed is for the benchmarks.
 */
export function report(name: string, data: Record<string, unknown>): void {
  mkdirSync(DIR, { recursive: true });
  const body = { scenario: name, at: new Date().toISOString(), machine: machine(), ...data };
  writeFileSync(join(DIR, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  console.log(`[reliability] ${name}\n${JSON.stringify(data, null, 2)}`);
}

/** p-th percentile (0..100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

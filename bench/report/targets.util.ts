import { ms } from '../support/format.util';
import type { BenchTable, SectionResult } from '../support/section.runner';

/** How a target bounds its value. */
type Bound = 'at least' | 'at most' | 'below';

/** One target of issue #10, judged from a section's `targets` measurements. */
interface Target {
  /** The `target` key a section's measurement carries. */
  readonly id: string;
  readonly section: string;
  readonly row: string;
  readonly bound: Bound;
  readonly limit: number;
  /** ratio: `x0.60`; ms: `50 ms`. */
  readonly unit: 'ratio' | 'ms';
  /** Measured only when DATABASE_URL points at PostgreSQL. */
  readonly postgres?: boolean;
}

const perDatabase = (
  make: (db: 'SQLite' | 'PostgreSQL', key: 'sqlite' | 'postgres') => Omit<Target, 'postgres'>,
): Target[] => [make('SQLite', 'sqlite'), { ...make('PostgreSQL', 'postgres'), postgres: true }];

/** The targets of issue #10, in its order. */
export const TARGETS: readonly Target[] = [
  {
    id: 'end-session-10',
    section: 'end-session',
    row: 'End-session, 10 healthy RPs: median vs node-oidc-provider',
    bound: 'at most',
    limit: 1,
    unit: 'ratio',
  },
  ...perDatabase((db, key) => ({
    id: `fanout-${key}-10`,
    section: 'fanout',
    row: `Fan-out, ${db}, concurrency 10 (RS256): ours / raw loop`,
    bound: 'at least',
    limit: key === 'sqlite' ? 0.6 : 0.5,
    unit: 'ratio',
  })),
  ...perDatabase((db, key) => ({
    id: `fanout-${key}-50`,
    section: 'fanout',
    row: `Fan-out, ${db}, concurrency 50 (RS256): ours / raw loop`,
    bound: 'at least',
    limit: key === 'sqlite' ? 0.6 : 0.5,
    unit: 'ratio',
  })),
  ...perDatabase((db, key) => ({
    id: `logout-call-${key}-1000`,
    section: 'logout-call',
    row: `Host logout call, 1 000 RPs, ${db}: median`,
    bound: 'below',
    limit: 50,
    unit: 'ms',
  })),
  ...[10, 50].map((c): Target => ({
    id: `receiver-${c}`,
    section: 'receiver',
    row: `Receiver, ${c} connections: accepted/s vs express-openid-connect`,
    bound: 'at least',
    limit: 1,
    unit: 'ratio',
  })),
  ...perDatabase((db, key) => ({
    id: `propagation-${key}`,
    section: 'propagation',
    row: `Propagation, ${db}: p50 vs raw sign + POST`,
    bound: 'at most',
    limit: 2,
    unit: 'ratio',
  })),
  {
    id: 'memory-queued',
    section: 'memory',
    row: 'Provider RSS with 100 000 deliveries queued vs idle',
    bound: 'at most',
    limit: 1.5,
    unit: 'ratio',
  },
];

const show = (value: number, unit: Target['unit']) =>
  unit === 'ms' ? ms(value) : `x${value.toFixed(2)}`;

const symbol: Record<Bound, string> = { 'at least': '>=', 'at most': '<=', below: '<' };

/** Met or missed, and by how much (relative to the limit, so rows of different units compare). */
function judge(t: Target, value: number): { status: string; margin: string } {
  const met =
    t.bound === 'at least'
      ? value >= t.limit
      : t.bound === 'at most'
        ? value <= t.limit
        : value < t.limit;
  // How far the value is from the limit, as a share of the limit.
  const pct = Math.abs(value / t.limit - 1) * 100;
  const far = `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)}%`;
  if (met) return { status: 'met', margin: `${far} to spare` };
  return {
    status: 'MISSED',
    margin: t.bound === 'at least' ? `${far} short` : `${far} over`,
  };
}

function command(t: Target, quick: boolean): string {
  const db = t.postgres ? 'DATABASE_URL=postgres://... ' : '';
  return `${db}npm run bench -- --only ${t.section}${quick ? ' --quick' : ''}`;
}

/**
 * The Targets table: one row per issue #10 target, with the measured value, the target, met or missed
 * and by how much, and the command that reproduces it. A section that did not run says so.
 */
export function targetsTable(
  results: readonly SectionResult[],
  failures: ReadonlyArray<{ id: string; reason: string }>,
  quick: boolean,
): BenchTable {
  const rows = TARGETS.map((t) => {
    const result = results.find((r) => r.id === t.section);
    const m = result?.targets?.find((x) => x.target === t.id);
    const goal = `${symbol[t.bound]} ${show(t.limit, t.unit)}`;
    const reproduce = command(t, result?.quick ?? quick);
    if (!m || !Number.isFinite(m.value)) {
      const failure = failures.find((f) => f.id === t.section);
      const why = failure
        ? `not run (section failed: ${failure.reason})`
        : result && t.postgres
          ? 'not run (no PostgreSQL: DATABASE_URL unset)'
          : result
            ? 'not measured'
            : 'not run';
      return [t.row, why, goal, 'not run', '', reproduce];
    }
    const { status, margin } = judge(t, m.value);
    return [t.row, `${show(m.value, t.unit)} (${m.detail})`, goal, status, margin, reproduce];
  });
  return {
    title: 'Targets (issue #10)',
    columns: ['row', 'measured', 'target', 'status', 'by how much', 'reproduce'],
    rows,
  };
}

/**
 * 1a. The host's logout call: `BackchannelLogoutService.logoutSession({ sid })` for a session with 1, 100
 * and 1 000 RPs. It reads the participants and clients, writes one outbox row per RP, enqueues them with
 * one Redis script call (every job) and returns; the worker is off, so nothing else competes and no HTTP call happens.
 */
import { BenchEnv, size } from '../support/bench-env.util';
import { BenchDatabase, forEachDatabase } from '../support/bench-database.util';
import { count, ms, ratio } from '../support/format.util';
import { progress, runSection } from '../support/section.runner';
import { summarize, Summary, timed } from '../support/stats.util';
import {
  addBenchClients,
  addParticipants,
  benchSigningKey,
  startBenchOp,
} from '../fixtures/bench-op.app';

const ID = 'logout-call';
const SIZES = [1, 100, 1000] as const;

interface Row {
  readonly database: string;
  readonly rps: number;
  readonly summary: Summary;
}

function repetitions(env: BenchEnv, rps: number): number {
  if (rps === 1) return size(env, 50, 300);
  if (rps === 100) return size(env, 20, 100);
  return size(env, 5, 30);
}

async function measure(env: BenchEnv, db: BenchDatabase): Promise<Row[]> {
  const op = await startBenchOp({
    database: db.options,
    redisUrl: env.redisUrl,
    bullPrefix: `${env.keyPrefix}${db.name}`,
    signingKey: benchSigningKey(),
    worker: false,
  });
  try {
    // Nobody listens on port 9: with the worker off, no delivery is attempted.
    const clients = await addBenchClients(
      op.dataSource,
      1000,
      (i) => `http://127.0.0.1:9/bcl?rp=${i}`,
    );
    const rows: Row[] = [];
    for (const rps of SIZES) {
      const reps = repetitions(env, rps);
      const warmup = rps === 1000 ? 2 : 5;
      const sids = Array.from({ length: reps + warmup }, (_, i) => `${rps}-rps-${i}`);
      await addParticipants(
        op.dataSource,
        sids.map((sid) => ({ sid, sub: `user-${sid}`, clientIds: clients.slice(0, rps) })),
      );
      const times: number[] = [];
      for (const [i, sid] of sids.entries()) {
        const { ms: elapsed, value } = await timed(() => op.service.logoutSession({ sid }));
        if (value.deliveries.length !== rps || !value.enqueued) {
          throw new Error(
            `logoutSession(${sid}): ${value.deliveries.length} deliveries, enqueued ${value.enqueued}`,
          );
        }
        if (i >= warmup) times.push(elapsed);
      }
      rows.push({ database: db.name, rps, summary: summarize(times) });
      progress(ID, `${db.name}, ${rps} RPs: median ${ms(rows.at(-1)!.summary.median)}`);
    }
    return rows;
  } finally {
    await op.close();
  }
}

runSection(ID, "1a. Logout request path: the host's logout call", async (env) => {
  const rows = (await forEachDatabase(env, 'logout-call', (db) => measure(env, db))).flat();
  const baseline = (r: Row) =>
    rows.find((b) => b.database === r.database && b.rps === 1)!.summary.median;
  const big = rows.find((r) => r.rps === 1000)!;
  return {
    measures:
      'Time of `await BackchannelLogoutService.logoutSession({ sid })` in a host OP (TypeORM + Bull, the ' +
      'library configured as its README shows) for an OP session shared by 1, 100 and 1 000 RPs: read the ' +
      'participants and clients, write one outbox row per RP (written `queued`) in one statement, add every job ' +
      'in one Redis script call, and forget the participants (in the same commit on SQLite, alongside the ' +
      'enqueue on PostgreSQL). The delivery worker is off (`worker: false`), so no HTTP call and no delivery competes. ' +
      `Repetitions: ${[1, 100, 1000].map((n) => `${repetitionsLabel(n)} for ${n} RP${n > 1 ? 's' : ''}`).join(', ')}, after a warm-up.`,
    tables: [
      {
        title: 'logoutSession() call time',
        columns: [
          'database',
          'RPs in the session',
          'median',
          'p99',
          'per RP (median)',
          'ratio vs 1 RP (median)',
          'reps',
        ],
        rows: rows.map((r) => [
          r.database,
          count(r.rps),
          ms(r.summary.median),
          ms(r.summary.p99),
          ms(r.summary.median / r.rps),
          r.rps === 1 ? 'baseline' : ratio(r.summary.median, baseline(r)),
          String(r.summary.n),
        ]),
      },
    ],
    notes: [
      `The call is not free of the RP count: it writes one row per RP (the outbox, so that nothing is lost when ` +
        `Redis is down) and one job per RP, so 1 000 RPs cost ${ratio(big.summary.median, baseline(big))} the ` +
        `1-RP call (${ms(big.summary.median / 1000)} per RP on ${big.database}). What does not grow is ` +
        'waiting: no RP is contacted inside the call, so a slow or hung RP adds nothing to it.',
    ],
    targets: rows
      .filter((r) => r.rps === 1000)
      .map((r) => ({
        target: `logout-call-${r.database === 'SQLite' ? 'sqlite' : 'postgres'}-1000`,
        value: r.summary.median,
        detail: `p99 ${ms(r.summary.p99)}, ${r.summary.n} calls`,
      })),
    data: rows,
  };

  function repetitionsLabel(n: number): string {
    return String(repetitions(env, n));
  }
});

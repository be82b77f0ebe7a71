/**
 * 3. Propagation latency: from the host's logout call to the RP's 200, one RP, sequential logouts.
 * Baseline: the raw sign-and-POST of the same token by plain code in the same process.
 */
import { BenchEnv, size } from '../support/bench-env.util';
import { BenchDatabase, forEachDatabase } from '../support/bench-database.util';
import { ms, ratio } from '../support/format.util';
import { startLoopbackRp } from '../support/loopback-rp';
import { rawDeliver } from '../support/raw-sender';
import { progress, runSection } from '../support/section.runner';
import { nowMs, summarize, Summary } from '../support/stats.util';
import {
  addBenchClients,
  addParticipants,
  BENCH_ISSUER,
  benchSigningKey,
  startBenchOp,
} from '../fixtures/bench-op.app';

const ID = 'propagation';
const WARMUP = 20;

interface Result {
  readonly database: string;
  readonly ours: Summary;
  readonly call: Summary;
  readonly raw: Summary;
}

async function measure(env: BenchEnv, db: BenchDatabase, logouts: number): Promise<Result> {
  let arrived: ((at: number) => void) | undefined;
  const rp = await startLoopbackRp({ onRequest: () => arrived?.(nowMs()) });
  const nextArrival = () => new Promise<number>((resolve) => (arrived = resolve));
  const key = benchSigningKey();
  const op = await startBenchOp({
    database: db.options,
    redisUrl: env.redisUrl,
    bullPrefix: `${env.keyPrefix}${db.name}`,
    signingKey: key,
  });
  try {
    const [clientId] = await addBenchClients(op.dataSource, 1, () => rp.url());
    const sids = Array.from({ length: logouts + WARMUP }, (_, i) => `propagation-${i}`);
    await addParticipants(
      op.dataSource,
      sids.map((sid) => ({ sid, sub: `user-${sid}`, clientIds: [clientId] })),
    );
    const ours: number[] = [];
    const call: number[] = [];
    for (const [i, sid] of sids.entries()) {
      const arrival = nextArrival();
      const start = nowMs();
      await op.service.logoutSession({ sid });
      const returned = nowMs();
      const at = await arrival;
      // Let the worker record the outcome before the next logout starts.
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (i < WARMUP) continue;
      ours.push(at - start);
      call.push(returned - start);
    }
    const url = new URL(rp.url());
    const raw: number[] = [];
    for (let i = 0; i < logouts + WARMUP; i++) {
      const arrival = nextArrival();
      const start = nowMs();
      const sending = rawDeliver(url, key, BENCH_ISSUER, clientId, `raw-${i}`);
      const at = await arrival;
      await sending;
      if (i >= WARMUP) raw.push(at - start);
    }
    const result = {
      database: db.name,
      ours: summarize(ours),
      call: summarize(call),
      raw: summarize(raw),
    };
    progress(
      ID,
      `${db.name}: ours p50 ${ms(result.ours.median)}, raw p50 ${ms(result.raw.median)}`,
    );
    return result;
  } finally {
    await op.close();
    await rp.close();
  }
}

runSection(ID, "3. Propagation latency: logout call to the RP's 200", async (env) => {
  const logouts = size(env, 200, 1000);
  const results = await forEachDatabase(env, 'propagation', (db) => measure(env, db, logouts));
  const rows = results.flatMap((r) => [
    [
      r.database,
      'ours: logoutSession() to the RP',
      ms(r.ours.median),
      ms(r.ours.p99),
      ms(r.ours.max),
      ratio(r.ours.median, r.raw.median),
    ],
    [
      r.database,
      '  of which the logoutSession() call',
      ms(r.call.median),
      ms(r.call.p99),
      ms(r.call.max),
      '',
    ],
    [
      r.database,
      'raw: sign + POST to the RP',
      ms(r.raw.median),
      ms(r.raw.p99),
      ms(r.raw.max),
      'baseline',
    ],
  ]);
  return {
    measures:
      `One RP on 127.0.0.1, ${logouts} sequential logouts of a session it took part in (after ${WARMUP} ` +
      'warm-ups): the time from calling logoutSession() to the moment the RP writes its 200, on the same ' +
      'clock (RP and OP in one process, worker on, Bull on Redis). Baseline: signing the same token with ' +
      'jose and POSTing it with plain node:http from the same process.',
    tables: [
      {
        title: 'Latency from the logout call to the RP',
        columns: ['database', 'path', 'p50', 'p99', 'max', 'ratio (p50)'],
        rows,
      },
    ],
    notes: [
      ...results
        .filter((r) => r.call.median > r.ours.median)
        .map(
          (r) =>
            `On ${r.database} the RP usually has its 200 before logoutSession() returns: the worker picks the ` +
            'job as soon as addBulk wrote it, while the call still marks the rows queued and forgets the ' +
            "session's participants.",
        ),
      'Ours adds the outbox write, the hop through Redis to the worker (Bull moves the job with Lua ' +
        'scripts), loading the row and the address check before the same sign-and-POST; the raw path does ' +
        'only the last step, and records nothing.',
    ],
    targets: results.map((r) => ({
      target: `propagation-${r.database === 'SQLite' ? 'sqlite' : 'postgres'}`,
      value: r.ours.median / r.raw.median,
      detail: `ours ${ms(r.ours.median)}, raw ${ms(r.raw.median)}`,
    })),
    data: results,
  };
});

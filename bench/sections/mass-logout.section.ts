/**
 * 9. Mass logout: `MassLogoutService.start({ scope: 'all' })` for 100 000 users, each in a session with the
 * same 3 RPs (300 000 deliveries), while the OP keeps recording logins (`recordIdTokenIssued`, what the host
 * does at every ID Token) in the same process.
 */
import { MassLogoutService } from 'nestjs-backchannel-logout';
import { BenchEnv, size } from '../support/bench-env.util';
import { BenchDatabase, forEachDatabase } from '../support/bench-database.util';
import { count, mib, ms, rate, ratio } from '../support/format.util';
import { LoopbackRp, startLoopbackRp } from '../support/loopback-rp';
import { progress, runSection } from '../support/section.runner';
import { nowMs, summarize, Summary, timed } from '../support/stats.util';
import {
  addBenchClients,
  addParticipants,
  benchSigningKey,
  startBenchOp,
  BenchOp,
} from '../fixtures/bench-op.app';

const ID = 'mass-logout';
const RPS = 3;
const SEED_CHUNK = 10_000;
const BATCH = 500;

interface Row {
  readonly database: string;
  readonly users: number;
  readonly deliveries: number;
  readonly enqueueMs: number;
  readonly answeredMs: number;
  readonly idleRss: number;
  readonly peakRss: number;
  readonly idle: Summary;
  readonly during: Summary;
}

/** Ordinary OP work, sequential, timed, until `stop()` says so. */
async function ordinaryRequests(
  op: BenchOp,
  label: string,
  stop: () => boolean,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; !stop(); i++) {
    const sid = `${label}-${i}`;
    const { ms: elapsed } = await timed(() =>
      op.service.recordIdTokenIssued({ sid, sub: `ordinary-${sid}`, clientId: 'rp-0' }),
    );
    times.push(elapsed);
    // Requests arrive through I/O: yield to it (better-sqlite3 answers without any, and would starve Bull).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return times;
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`mass logout: ${what} not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measure(env: BenchEnv, db: BenchDatabase, users: number): Promise<Row> {
  const rps: LoopbackRp[] = [];
  for (let i = 0; i < RPS; i++) rps.push(await startLoopbackRp());
  const op = await startBenchOp({
    database: db.options,
    redisUrl: env.redisUrl,
    bullPrefix: `${env.keyPrefix}${db.name}-mass`,
    signingKey: benchSigningKey(),
  });
  try {
    const clients = await addBenchClients(op.dataSource, RPS, (i) => rps[i].url());
    for (let from = 0; from < users; from += SEED_CHUNK) {
      const sessions = Array.from({ length: Math.min(SEED_CHUNK, users - from) }, (_, k) => ({
        sid: `mass-${from + k}`,
        sub: `user-${from + k}`,
        clientIds: clients,
      }));
      await addParticipants(op.dataSource, sessions);
    }
    progress(ID, `${db.name}: ${count(users)} users x ${RPS} RPs seeded`);
    const idleUntil = Date.now() + size(env, 1000, 3000);
    const idle = await ordinaryRequests(op, 'idle', () => Date.now() > idleUntil);
    global.gc?.();
    const idleRss = process.memoryUsage().rss;
    let peakRss = idleRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);

    const massLogout = op.app.get(MassLogoutService);
    const answered = () => rps.reduce((sum, rp) => sum + rp.count, 0);
    let finished = false;
    const during = ordinaryRequests(op, 'during', () => finished);
    const start = nowMs();
    const { id } = await massLogout.start({ scope: 'all', batchSize: BATCH });
    try {
      await waitFor(
        async () => (await massLogout.get(id))?.status !== 'running',
        size(env, 120_000, 900_000),
        'every batch stored',
      );
      const enqueueMs = nowMs() - start;
      const done = await massLogout.get(id);
      if (done?.status !== 'done') throw new Error(`mass logout ${done?.status}: ${done?.error}`);
      const deliveries = done.deliveriesEnqueued;
      progress(ID, `${db.name}: ${count(deliveries)} deliveries stored in ${ms(enqueueMs)}`);
      await waitFor(
        () => answered() >= deliveries,
        size(env, 120_000, 1_200_000),
        'every RP answered',
      );
      const answeredMs = nowMs() - start;
      finished = true;
      const row: Row = {
        database: db.name,
        users,
        deliveries,
        enqueueMs,
        answeredMs,
        idleRss,
        peakRss,
        idle: summarize(idle),
        during: summarize(await during),
      };
      progress(ID, `${db.name}: all answered in ${ms(answeredMs)}, peak RSS ${mib(peakRss)}`);
      return row;
    } finally {
      finished = true;
      clearInterval(sampler);
      await during.catch(() => []);
    }
  } finally {
    await op.close();
    for (const rp of rps) await rp.close();
  }
}

runSection(ID, '9. Mass logout: every session of every user', async (env) => {
  const users = size(env, 2_000, 100_000);
  const rows = await forEachDatabase(env, ID, (db) => measure(env, db, users));
  return {
    measures:
      `A host OP on the library (TypeORM + Bull, worker in the same process, default delivery options) holds ` +
      `${count(users)} users, each in one OP session with the same ${RPS} RPs (loopback servers answering 200). ` +
      `\`MassLogoutService.start({ scope: 'all', batchSize: ${BATCH} })\`: time until every batch is stored ` +
      '(outbox rows and Bull jobs; the run is `done`), time until the RPs answered every delivery, deliveries ' +
      'per second over the whole run, and the peak RSS of the process (sampled every 100 ms). Meanwhile the ' +
      'same process records logins one after another (`recordIdTokenIssued`, the library part of every login ' +
      'and token request) and their latency is compared with the same loop before the run.',
    tables: [
      {
        title: 'Mass logout of every user',
        columns: [
          'database',
          'users x RPs',
          'deliveries',
          'all stored',
          'all answered',
          'deliveries/s',
          'RSS idle → peak',
        ],
        rows: rows.map((r) => [
          r.database,
          `${count(r.users)} x ${RPS}`,
          count(r.deliveries),
          ms(r.enqueueMs),
          ms(r.answeredMs),
          rate(r.deliveries / (r.answeredMs / 1000)),
          `${mib(r.idleRss)} → ${mib(r.peakRss)} (${ratio(r.peakRss, r.idleRss)})`,
        ]),
      },
      {
        title: 'Ordinary OP work meanwhile (recordIdTokenIssued)',
        columns: [
          'database',
          'idle median',
          'idle p99',
          'during median',
          'during p99',
          'p99 ratio',
          'n',
        ],
        rows: rows.map((r) => [
          r.database,
          ms(r.idle.median),
          ms(r.idle.p99),
          ms(r.during.median),
          ms(r.during.p99),
          ratio(r.during.p99, r.idle.p99),
          String(r.during.n),
        ]),
      },
    ],
    notes: [
      'The sessions are paged (keyset batches of 500 users, one outbox transaction each), never loaded at once: ' +
        'the peak RSS is that of the batches and of the delivery worker, not of the user count.',
      'Deliveries counts the tokens the run stored (the logins recorded during the run are ended by it too, ' +
        'when their batch comes). The ordinary work is the library part of a login (the session registry write) ' +
        "in the same process, not the sample provider's HTTP login and token endpoints.",
    ],
    data: rows,
  };
});

/**
 * 8. Scale-out: one logout of N RPs delivered by 1, 2 and 3 worker processes on one queue and one
 * database (the worker processes of test/reliability/scale-out), with the CPU each delivery cost the
 * workers (and Redis), so the README can say what N machines deliver.
 */
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { size } from '../support/bench-env.util';
import { forkChild } from '../support/child-process.util';
import { count, ms, rate, ratio } from '../support/format.util';
import { progress, runSection, SectionReport } from '../support/section.runner';
import { nowMs } from '../support/stats.util';
import { until } from '../../test/support/wait';
import { redisOptionsFromUrl } from '../../apps/provider/src/backchannel/redis-url.util';
import { LOOPBACK_DELIVERY } from '../../test/provider/fixtures/fixture-host.config';
import { TsChild } from '../../test/reliability/support/child-process';
import { opSigningKey, OpNodeConfig, startOpNode } from '../../test/reliability/support/op-node';
import { recordParticipants, seedSession } from '../../test/reliability/support/seed';
import { sharedDatabase } from '../../test/reliability/support/shared-database';

const ID = 'scale-out';
const WORKER = 'test/reliability/support/op-worker.main.ts';
const WORKERS = [1, 2, 3] as const;
/** The library's default delivery concurrency, per worker process. */
const CONCURRENCY = 10;

interface Run {
  readonly workers: number;
  readonly ms: number;
  /** CPU seconds of the worker processes (user + system) while they delivered. */
  readonly workerCpu: number;
  /** CPU seconds of redis-server over the same window (shared Redis: approximate). */
  readonly redisCpu: number;
}

/** utime + stime of a process, in seconds (what process.cpuUsage() reports inside it), from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) =>
    Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return value('used_cpu_sys') + value('used_cpu_user');
}

runSection(ID, '8. Scale-out: deliveries by 1, 2 and 3 worker processes', async (env) => {
  const deliveries = size(env, 2000, 10_000);
  const db = await sharedDatabase(env.tmpDir);
  const redis = new Redis(env.redisUrl);
  const sink = await forkChild<{ ports: number[] }>('bench/apps/rp-sink.main.ts', {
    env: { RP_SINK_SERVERS: '4' },
  });
  const common = {
    database: db.options,
    prefix: `${env.keyPrefix}scale`,
    redis: redisOptionsFromUrl(env.redisUrl),
    privateKeyPem: opSigningKey().export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const delivery = { ...LOOPBACK_DELIVERY, concurrency: CONCURRENCY };
  const workerConfig: OpNodeConfig = {
    ...common,
    migrate: false,
    module: { delivery, outbox: { relayIntervalMs: 0 } },
  };
  const api = await startOpNode({ ...common, module: { worker: false, delivery } });
  const runs: Run[] = [];
  try {
    const ports = sink.ready.ports;
    const clientIds = await seedSession(api.dataSource, {
      label: 'scale',
      count: deliveries,
      sid: 'scale-sid-0',
      sub: 'scale-user',
      uriOf: (id) => `http://127.0.0.1:${ports[Number(id.split('-')[1]) % ports.length]}/bcl`,
    });
    const service = api.app.get(BackchannelLogoutService);
    for (const workers of WORKERS) {
      const sid = `scale-sid-${workers}`;
      await recordParticipants(api.dataSource, { sid, sub: 'scale-user', clientIds });
      const started = await Promise.all(
        Array.from({ length: workers }, (_, i) =>
          TsChild.start(`worker-${workers}.${i}`, WORKER, {
            OP_NODE_CONFIG: JSON.stringify(workerConfig),
          }),
        ),
      );
      try {
        const target = (await sink.call<number>('count')) + deliveries;
        const cpuBefore = started.reduce((s, w) => s + cpuSeconds(w.pid), 0);
        const redisBefore = await redisCpuSeconds(redis);
        const start = nowMs();
        await service.logoutSession({ sid });
        await until(async () => (await sink.call<number>('count')) >= target, 600_000, 10);
        const elapsed = nowMs() - start;
        const workerCpu = started.reduce((s, w) => s + cpuSeconds(w.pid), 0) - cpuBefore;
        const redisCpu = (await redisCpuSeconds(redis)) - redisBefore;
        runs.push({ workers, ms: elapsed, workerCpu, redisCpu });
        progress(ID, `${workers} worker(s): ${count(deliveries)} in ${ms(elapsed)}`);
      } finally {
        for (const w of started) await w.stop();
      }
    }
  } finally {
    await api.close();
    await sink.stop();
    redis.disconnect();
    await db.drop();
  }
  return report(deliveries, db.name === 'postgres' ? 'PostgreSQL' : 'SQLite (one file)', runs);
});

function report(deliveries: number, database: string, runs: readonly Run[]): SectionReport {
  const perSecond = (r: Run) => (deliveries / r.ms) * 1000;
  const cpuMs = (r: Run) => (r.workerCpu / deliveries) * 1000;
  const perCore = (r: Run) => deliveries / r.workerCpu;
  const one = runs[0];
  const best = runs.reduce((b, r) => (perCore(r) > perCore(b) ? r : b));
  return {
    measures:
      `One logout of a session shared by ${count(deliveries)} RPs (4 loopback HTTP servers in another ` +
      'process), issued by an API node in the bench process (`worker: false`) and delivered by 1, then 2, ' +
      `then 3 worker processes (test/reliability/support/op-worker.main.ts, delivery concurrency ` +
      `${CONCURRENCY} each) on one Bull queue and one ${database} database; from the logoutSession() call ` +
      'until the RPs answered every delivery. CPU per delivery: user + system time of the worker processes ' +
      '(/proc/<pid>/stat, what process.cpuUsage() reports inside them) over that window, divided by the ' +
      "deliveries; Redis: the change of INFO cpu's used_cpu_user + used_cpu_sys over the same window.",
    tables: [
      {
        title: 'Deliveries per second by worker processes',
        columns: [
          'workers',
          'time',
          'deliveries/s',
          'vs 1 worker',
          'worker CPU per delivery',
          'Redis CPU per delivery',
          'deliveries/s per worker core',
        ],
        rows: runs.map((r) => [
          String(r.workers),
          ms(r.ms),
          rate(perSecond(r)),
          r === one ? 'baseline' : ratio(perSecond(r), perSecond(one)),
          ms(cpuMs(r)),
          ms((r.redisCpu / deliveries) * 1000),
          rate(perCore(r)),
        ]),
      },
    ],
    notes: [
      'This machine has 2 cores shared by the workers, Redis, the database, the RPs and the API node, so ' +
        'more workers cannot add cores here: the rows show how the work divides, not how far it scales. ' +
        'What N machines deliver follows from the CPU per delivery: one worker core delivers about ' +
        `${rate(perCore(best))} (${ms(cpuMs(best))} of worker CPU per delivery at best), so N worker cores ` +
        'deliver about N times that, as long as the database and Redis keep up (Redis used ' +
        `${ms((best.redisCpu / deliveries) * 1000)} of CPU per delivery here, so one Redis core serves ` +
        `about ${rate(deliveries / Math.max(best.redisCpu, 1e-9))}).`,
      'Redis CPU is read from a Redis other processes may use at the same time: an upper bound. The ' +
        "database's CPU is inside the workers on SQLite (better-sqlite3 runs in-process) and not counted on " +
        'PostgreSQL (its server processes).',
    ],
    data: { deliveries, database, runs },
  };
}

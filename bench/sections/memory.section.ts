/**
 * 6. Memory: resident memory of a provider process (worker disabled) idle, then with 100 000 deliveries
 * queued (outbox rows in SQLite, Bull jobs in Redis).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { size } from '../support/bench-env.util';
import { removeSqliteFile } from '../support/bench-database.util';
import { forkChild } from '../support/child-process.util';
import { bytes, count, mib, ms, ratio } from '../support/format.util';
import { redisUsedMemory } from '../support/redis.util';
import { progress, runSection } from '../support/section.runner';

const ID = 'memory';
const RPS = 1000;

/** RSS of a bare Node process before and after it loads @swc/core (the TypeScript register hook). */
function swcCost(): { bare: number; withSwc: number } {
  const script =
    "gc(); const bare = process.memoryUsage().rss; require('@swc/core').transformSync('let a: number = 1', " +
    "{ jsc: { parser: { syntax: 'typescript' } } }); gc(); " +
    'console.log(JSON.stringify({ bare, withSwc: process.memoryUsage().rss }))';
  const cwd = join(__dirname, '..', '..');
  return JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', '-e', script], { cwd, encoding: 'utf8' }),
  );
}

interface Enqueued {
  readonly deliveries: number;
  readonly ms: number;
}

function dbSize(file: string): number {
  const size = (f: string) => statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  return size(file) + size(`${file}-wal`);
}

interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly maxRss: number;
}

runSection(ID, '6. Memory of the provider process', async (env) => {
  const deliveries = size(env, 10_000, 100_000);
  const logouts = deliveries / RPS;
  const dbFile = join(env.tmpDir, `memory-op-${process.pid}.sqlite`);
  const child = await forkChild<{ pid: number }>('bench/apps/memory-op.main.ts', {
    execArgv: ['--expose-gc'],
    env: {
      BENCH_DB_FILE: dbFile,
      BENCH_REDIS_URL: env.redisUrl,
      BENCH_BULL_PREFIX: `${env.keyPrefix}memory`,
    },
  });
  const redis = new Redis(env.redisUrl);
  try {
    await child.call('prepare', { logouts, rps: RPS });
    // Settle: let start-up garbage go and the relay run once.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const idle = await child.call<Memory>('memory');
    const redisBefore = await redisUsedMemory(redis);
    const dbBefore = dbSize(dbFile);
    progress(ID, `idle: ${mib(idle.rss)}; enqueueing ${count(deliveries)} deliveries`);
    // A tenth first, then the rest: if the queue lived in the process, RSS would grow tenfold between them.
    const tenth = Math.max(1, Math.floor(logouts / 10));
    const first = await child.call<Enqueued>('enqueue', { from: 0, to: tenth });
    const partial = {
      queued: await child.call<number>('queued'),
      ...(await child.call<Memory>('memory')),
    };
    const rest = await child.call<Enqueued>('enqueue', { from: tenth, to: logouts });
    const full = {
      queued: await child.call<number>('queued'),
      ...(await child.call<Memory>('memory')),
    };
    const redisGrowth = (await redisUsedMemory(redis)) - redisBefore;
    const dbGrowth = dbSize(dbFile) - dbBefore;
    const enqueueMs = first.ms + rest.ms;
    progress(
      ID,
      `${count(partial.queued)} queued: ${mib(partial.rss)}; ${count(full.queued)}: ${mib(full.rss)}`,
    );
    const swc = swcCost();
    const row = (label: string, m: Memory) => [
      label,
      mib(m.rss),
      mib(m.heapUsed),
      mib(m.heapTotal),
      m === idle ? 'baseline' : ratio(m.rss, idle.rss),
    ];
    return {
      measures:
        'A host OP process on the library (TypeORM on a SQLite file, Bull on Redis) with `worker: false`, the ' +
        'way an API process runs when dedicated workers deliver. Resident memory (RSS) after a full GC: idle ' +
        '(clients and session participants stored, nothing queued), then after a tenth of the logouts, then ' +
        `after all ${logouts} logouts of sessions shared by ${count(RPS)} RPs each left ${count(deliveries)} ` +
        'deliveries queued (outbox rows and Bull jobs, none delivered). Peak is the maximum RSS of the process ' +
        'over its life.',
      tables: [
        {
          title: 'Provider process memory',
          columns: ['state', 'RSS', 'JS heap used', 'JS heap reserved', 'ratio vs idle (RSS)'],
          rows: [
            row('idle', idle),
            row(`${count(partial.queued)} deliveries queued`, partial),
            row(`${count(full.queued)} deliveries queued`, full),
            ['peak during the enqueueing', mib(full.maxRss), '', '', ratio(full.maxRss, idle.rss)],
          ],
        },
        {
          title: 'Where the queued deliveries live',
          columns: ['store', 'growth', 'per delivery'],
          rows: [
            [
              'Redis (Bull jobs: id only, no token)',
              mib(redisGrowth),
              bytes(redisGrowth / deliveries),
            ],
            ['SQLite file (outbox/audit rows)', mib(dbGrowth), bytes(dbGrowth / deliveries)],
            ['enqueueing time', ms(enqueueMs), ms(enqueueMs / deliveries)],
          ],
        },
      ],
      notes: [
        'Queued deliveries do not live in the process: a Bull job holds only the delivery id, the row holds ' +
          'the rest, and the token is signed by the worker at delivery time. The JS heap stays flat from ' +
          `${count(partial.queued)} to ${count(full.queued)} queued (${mib(partial.heapUsed)} to ` +
          `${mib(full.heapUsed)}); what RSS gains over idle ` +
          `(${mib(partial.rss - idle.rss)} after a tenth, ${mib(full.rss - idle.rss)} after all) is memory the ` +
          'allocators kept after building the batches of 1 000 rows and jobs (V8 keeps the heap it grew, glibc ' +
          'rarely returns freed pages to the OS), not the queue.',
        'Redis and SQLite growth are measured before and after, on a Redis other processes may use at the ' +
          'same time: approximate.',
        `The process runs the TypeScript sources through the swc register hook (scripts/ts-register.js), which ` +
          `keeps the compiler loaded: a bare Node process grows from ${mib(swc.bare)} to ${mib(swc.withSwc)} when ` +
          `it loads @swc/core, so a built (\`nest build\`) app idles about ${mib(swc.withSwc - swc.bare)} lower. ` +
          'The differences between the rows do not depend on it.',
      ],
      targets: [
        {
          target: 'memory-queued',
          value: full.rss / idle.rss,
          detail: `${mib(full.rss)} with ${count(full.queued)} queued, ${mib(idle.rss)} idle`,
        },
      ],
      data: { idle, partial, full, redisGrowth, dbGrowth, enqueueMs },
    };
  } finally {
    redis.disconnect();
    await child.stop();
    removeSqliteFile(dbFile);
  }
});

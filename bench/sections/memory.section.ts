/**
 * 6. Memory: resident memory of a provider process (worker disabled) idle, then with 100 000 deliveries
 * queued (outbox rows in SQLite, Bull jobs in Redis).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { size } from '../support/bench-env.util';
import { forkChild } from '../support/child-process.util';
import { count, mib, ms, ratio } from '../support/format.util';
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

interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
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
    const dbBefore = statSync(dbFile).size;
    progress(ID, `idle: ${mib(idle.rss)}; enqueueing ${count(deliveries)} deliveries`);
    const { ms: enqueueMs } = await child.call<{ deliveries: number; ms: number }>('enqueue');
    const queued = await child.call<number>('queued');
    const loaded = await child.call<Memory>('memory');
    const redisAfter = await redisUsedMemory(redis);
    const dbAfter =
      statSync(dbFile).size + (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    progress(ID, `with ${count(queued)} queued: ${mib(loaded.rss)} (peak ${mib(loaded.maxRss)})`);
    const swc = swcCost();
    return {
      measures:
        'A host OP process on the library (TypeORM on a SQLite file, Bull on Redis) with `worker: false`, the ' +
        'way an API process runs when dedicated workers deliver. Resident memory (RSS) after a full GC, first ' +
        `idle (clients and session participants stored, nothing queued), then after ${logouts} logouts of ` +
        `sessions shared by ${count(RPS)} RPs each left ${count(deliveries)} deliveries queued (outbox rows and ` +
        'Bull jobs, none delivered). Peak is the process maximum RSS over its life.',
      tables: [
        {
          title: 'Provider process memory',
          columns: ['state', 'RSS', 'JS heap used', 'ratio vs idle (RSS)'],
          rows: [
            ['idle', mib(idle.rss), mib(idle.heapUsed), 'baseline'],
            [
              `${count(queued)} deliveries queued`,
              mib(loaded.rss),
              mib(loaded.heapUsed),
              ratio(loaded.rss, idle.rss),
            ],
            ['peak during the enqueueing', mib(loaded.maxRss), '', ratio(loaded.maxRss, idle.rss)],
          ],
        },
        {
          title: 'Where the queued deliveries live',
          columns: ['store', 'growth', 'per delivery'],
          rows: [
            [
              'Redis (Bull jobs: id only, no token)',
              mib(redisAfter - redisBefore),
              `${Math.round((redisAfter - redisBefore) / deliveries)} B`,
            ],
            [
              'SQLite file (outbox/audit rows)',
              mib(dbAfter - dbBefore),
              `${Math.round((dbAfter - dbBefore) / deliveries)} B`,
            ],
            ['enqueueing time', ms(enqueueMs), ms(enqueueMs / deliveries)],
          ],
        },
      ],
      notes: [
        'Queued deliveries do not live in the process: a Bull job holds only the delivery id, the row holds ' +
          'the rest, and the token is signed by the worker at delivery time. What remains in RSS after the ' +
          'enqueueing is allocator high-water memory from building the batches (V8 and glibc rarely give it ' +
          'back to the OS), not the queue.',
        'Redis growth is used_memory before and after, on a Redis other processes may use at the same time: ' +
          'approximate.',
        `The process runs the TypeScript sources through the swc register hook (scripts/ts-register.js), which ` +
          `keeps the compiler loaded: a bare Node process grows from ${mib(swc.bare)} to ${mib(swc.withSwc)} when ` +
          `it loads @swc/core, so a built (\`nest build\`) app idles about ${mib(swc.withSwc - swc.bare)} lower. ` +
          'The difference between the two rows does not depend on it.',
      ],
      data: {
        idle,
        loaded,
        queued,
        redis: redisAfter - redisBefore,
        db: dbAfter - dbBefore,
        enqueueMs,
      },
    };
  } finally {
    redis.disconnect();
    await child.stop();
  }
});

/**
 * The provider process of the memory bench: a host OP on the library with the worker disabled (an API
 * process that only enqueues), SQLite file, Bull on the run's Redis. Calls: `prepare` (clients and
 * session participants), `enqueue` (logouts `from` to `to`), `memory` (after a full GC), `queued` (Bull's count).
 */
import { serveParent, memoryAfterGc } from '../support/child-main.util';
import { nowMs } from '../support/stats.util';
import {
  addBenchClients,
  addParticipants,
  benchSigningKey,
  startBenchOp,
} from '../fixtures/bench-op.app';

serveParent(async () => {
  const env = process.env;
  const op = await startBenchOp({
    database: { type: 'better-sqlite3', database: env.BENCH_DB_FILE!, enableWAL: true },
    redisUrl: env.BENCH_REDIS_URL!,
    bullPrefix: env.BENCH_BULL_PREFIX!,
    signingKey: benchSigningKey(),
    worker: false,
  });
  let sids: string[] = [];
  return {
    ready: { pid: process.pid },
    handlers: {
      prepare: async (payload) => {
        const { logouts, rps } = payload as { logouts: number; rps: number };
        const clients = await addBenchClients(
          op.dataSource,
          rps,
          (i) => `http://127.0.0.1:9/bcl?rp=${i}`,
        );
        sids = Array.from({ length: logouts }, (_, i) => `memory-${i}`);
        await addParticipants(
          op.dataSource,
          sids.map((sid) => ({ sid, sub: `user-${sid}`, clientIds: clients })),
        );
        return sids.length;
      },
      enqueue: async (payload) => {
        const { from, to } = payload as { from: number; to: number };
        const start = nowMs();
        let deliveries = 0;
        for (const sid of sids.slice(from, to))
          deliveries += (await op.service.logoutSession({ sid })).deliveries.length;
        return { deliveries, ms: nowMs() - start };
      },
      memory: () => ({ ...memoryAfterGc(), maxRss: process.resourceUsage().maxRSS * 1024 }),
      queued: () => op.queue.count(),
    },
    stop: () => op.close(),
  };
});

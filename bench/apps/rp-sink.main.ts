/**
 * Loopback relying parties in their own process (so they do not share the measured process's CPU):
 * `RP_SINK_SERVERS` servers answering every POST with 200. Calls: `count` (requests answered so far).
 */
import { serveParent } from '../support/child-main.util';
import { LoopbackRp, startLoopbackRp } from '../support/loopback-rp';

serveParent(async () => {
  const servers: LoopbackRp[] = [];
  for (let i = 0; i < Number(process.env.RP_SINK_SERVERS ?? 4); i++) {
    servers.push(await startLoopbackRp());
  }
  return {
    ready: { ports: servers.map((s) => s.port) },
    handlers: { count: () => servers.reduce((sum, s) => sum + s.count, 0) },
    stop: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
});

import type { Gauge, Registry } from 'prom-client';
import {
  BackchannelLogoutRpHealth,
  RP_HEALTH_STATES,
} from '../provider/health/rp-health.interface';
import { loadPromClient } from './prom-client.loader';

/**
 * `bcl_provider_rp_state{client_id, state}`: 1 for each RP's current state, 0 for the others (issue #9), read
 * from the RP health store at scrape time. Only RPs with a recorded outcome appear; Redis not answering
 * within `timeoutMs` leaves the series out.
 */
export function createRpStateGauge(
  health: BackchannelLogoutRpHealth,
  prefix: string,
  registry: Registry,
  timeoutMs: number,
): Gauge<string> {
  const { Gauge } = loadPromClient();
  return new Gauge({
    name: `${prefix}provider_rp_state`,
    help: 'Health of each RP: 1 for its current state (healthy, degraded, paused), 0 for the others',
    labelNames: ['client_id', 'state'],
    registers: [registry],
    async collect() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
        timer.unref();
      });
      const records = await Promise.race([health.list().catch(() => null), timeout]);
      clearTimeout(timer);
      this.reset();
      for (const r of records ?? []) {
        for (const state of RP_HEALTH_STATES) {
          this.set({ client_id: r.clientId, state }, r.state === state ? 1 : 0);
        }
      }
    },
  });
}

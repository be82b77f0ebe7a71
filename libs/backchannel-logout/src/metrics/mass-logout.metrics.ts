import type { Counter, Gauge, Registry } from 'prom-client';
import type { MassLogoutBatchEvent } from '../provider/mass-logout/mass-logout.interface';
import type { MassLogoutService } from '../provider/mass-logout/mass-logout.service';
import { readWithin } from './collect-timeout.util';
import { loadPromClient } from './prom-client.loader';

/** Runs the gauge looks at: more than any admin keeps running at once. */
const RUNS_READ = 100;

/**
 * The provider's mass logout metrics: counters fed by every batch this process stores (`onBatch`), and the
 * number of runs still `running`, read from the `bcl_mass_logout` table at scrape time (all processes).
 */
export class MassLogoutMetrics {
  readonly metrics: ReadonlyArray<Counter<string> | Gauge<string>>;
  private readonly sessionsEnded: Counter<'scope'>;
  private readonly deliveriesEnqueued: Counter<'scope'>;
  private readonly unsubscribe: () => void;

  constructor(
    service: MassLogoutService,
    registry: Registry,
    prefix: string,
    private readonly timeoutMs: number,
  ) {
    const { Counter, Gauge } = loadPromClient();
    const registers = [registry];
    this.sessionsEnded = new Counter({
      name: `${prefix}provider_mass_logout_sessions_ended_total`,
      help: 'OP sessions ended by mass logout batches stored in this process, by scope (client, all)',
      labelNames: ['scope'],
      registers,
    });
    this.deliveriesEnqueued = new Counter({
      name: `${prefix}provider_mass_logout_deliveries_enqueued_total`,
      help: 'Deliveries stored in the outbox by mass logout batches in this process, by scope (client, all)',
      labelNames: ['scope'],
      registers,
    });
    const read = (): Promise<number | null> => this.countRunning(service);
    const running = new Gauge({
      name: `${prefix}provider_mass_logout_running`,
      help: 'Mass logout runs not finished yet (status running), in any process; absent when the database did not answer',
      registers,
      async collect() {
        const count = await read();
        this.reset();
        if (count !== null) this.set(count);
      },
    });
    this.metrics = [this.sessionsEnded, this.deliveriesEnqueued, running];
    this.unsubscribe = service.onBatch((event) => this.observe(event));
  }

  /** Stop listening to batches (module shutdown). */
  dispose(): void {
    this.unsubscribe();
  }

  private observe(event: MassLogoutBatchEvent): void {
    if (event.sessionsEnded > 0)
      this.sessionsEnded.inc({ scope: event.scope }, event.sessionsEnded);
    if (event.deliveriesEnqueued > 0)
      this.deliveriesEnqueued.inc({ scope: event.scope }, event.deliveriesEnqueued);
  }

  private countRunning(service: MassLogoutService): Promise<number | null> {
    return readWithin(async () => {
      const runs = await service.list(RUNS_READ);
      return runs.filter((run) => run.status === 'running').length;
    }, this.timeoutMs);
  }
}

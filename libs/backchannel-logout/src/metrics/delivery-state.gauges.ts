import type { Gauge, Registry } from 'prom-client';
import { DELIVERY_QUEUE_STATES } from '../provider/delivery/delivery-state.interface';
import { OPEN_DELIVERY_STATUSES } from '../provider/delivery/delivery-status.constants';
import { DeliveryStateReader } from './delivery-state.reader';
import { loadPromClient } from './prom-client.loader';

/**
 * The provider's gauges, set at scrape time from one {@link DeliveryStateReader} read: queue depth by state
 * and worker lag (Bull), open deliveries and outbox backlog age (the `bcl_delivery` table), and whether Redis
 * and the database answered. A source that did not answer leaves its series out (and its `_up` at 0).
 */
export function createDeliveryStateGauges(
  reader: DeliveryStateReader,
  prefix: string,
  registry: Registry,
): Gauge<string>[] {
  const { Gauge } = loadPromClient();
  const registers = [registry];
  return [
    new Gauge({
      name: `${prefix}provider_queue_up`,
      help: '1 when the delivery queue (Redis) answered this scrape, else 0',
      registers,
      async collect() {
        this.set((await reader.read()).queue ? 1 : 0);
      },
    }),
    new Gauge({
      name: `${prefix}provider_queue_jobs`,
      help: 'Bull jobs of the delivery queue, by state',
      labelNames: ['state'],
      registers,
      async collect() {
        const { queue } = await reader.read();
        this.reset();
        if (queue)
          for (const state of DELIVERY_QUEUE_STATES) this.set({ state }, queue.counts[state]);
      },
    }),
    new Gauge({
      name: `${prefix}provider_queue_oldest_waiting_job_age_seconds`,
      help: 'Age of the job next in line in the wait list (0 when none waits): worker lag',
      registers,
      async collect() {
        const { queue } = await reader.read();
        this.reset();
        if (queue) this.set(queue.oldestWaitingAgeSeconds);
      },
    }),
    new Gauge({
      name: `${prefix}provider_outbox_up`,
      help: '1 when the database answered this scrape, else 0',
      registers,
      async collect() {
        this.set((await reader.read()).outbox ? 1 : 0);
      },
    }),
    new Gauge({
      name: `${prefix}provider_outbox_deliveries`,
      help: 'Deliveries not finished yet, by status (pending: stored, not yet accepted by Redis; paused: RP paused)',
      labelNames: ['status'],
      registers,
      async collect() {
        const { outbox } = await reader.read();
        this.reset();
        if (outbox)
          for (const status of OPEN_DELIVERY_STATUSES) this.set({ status }, outbox.counts[status]);
      },
    }),
    new Gauge({
      name: `${prefix}provider_outbox_oldest_pending_age_seconds`,
      help: 'Age of the oldest delivery still waiting for Redis in the outbox (0 when none)',
      registers,
      async collect() {
        const { outbox } = await reader.read();
        this.reset();
        if (outbox) this.set(outbox.oldestPendingAgeSeconds);
      },
    }),
  ];
}

import type { Counter, Histogram, Registry } from 'prom-client';
import type { DeliveryAttemptObservation } from '../common/observability/backchannel-logout-observer.interface';
import type { BackchannelLogoutMetricsOptions } from './backchannel-logout-metrics-options.interface';
import { loadPromClient } from './prom-client.loader';

const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** The provider's counters and histograms, fed by delivery observations. */
export class ProviderDeliveryMetrics {
  readonly metrics: ReadonlyArray<Counter<string> | Histogram<string>>;
  private readonly deliveries: Counter<string>;
  private readonly retries: Counter<string>;
  private readonly attemptDuration: Histogram<'outcome'>;
  private readonly latency: Histogram;

  constructor(
    registry: Registry,
    prefix: string,
    private readonly options: BackchannelLogoutMetricsOptions,
  ) {
    const { Counter, Histogram } = loadPromClient();
    const clientLabel = options.clientLabel ? ['client_id'] : [];
    const registers = [registry];
    this.deliveries = new Counter({
      name: `${prefix}provider_deliveries_total`,
      help: 'Deliveries that reached a final state, by outcome (delivered, failed) and error code',
      labelNames: ['outcome', 'error_code', ...clientLabel],
      registers,
    });
    this.retries = new Counter({
      name: `${prefix}provider_delivery_retries_total`,
      help: 'Delivery attempts that failed with a recoverable error and will be retried, by error code',
      labelNames: ['error_code', ...clientLabel],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: `${prefix}provider_delivery_attempt_duration_seconds`,
      help: 'Duration of one delivery attempt (resolve, connect, POST, response), by outcome',
      labelNames: ['outcome'],
      buckets: [...(options.attemptDurationBuckets ?? ATTEMPT_BUCKETS)],
      registers,
    });
    this.latency = new Histogram({
      name: `${prefix}provider_delivery_latency_seconds`,
      help: 'From the logout call to the RP acknowledging its Logout Token (queueing and retries included)',
      buckets: [...(options.latencyBuckets ?? LATENCY_BUCKETS)],
      registers,
    });
    this.metrics = [this.deliveries, this.retries, this.attemptDuration, this.latency];
  }

  observe(o: DeliveryAttemptObservation): void {
    const client = this.options.clientLabel ? { client_id: o.clientId } : {};
    // Attempt 0: nothing was sent (e.g. no sid for a session-required client), so no duration.
    if (o.attempt > 0) this.attemptDuration.observe({ outcome: o.outcome }, o.durationMs / 1000);
    if (o.outcome === 'retrying') {
      this.retries.inc({ error_code: o.errorCode ?? 'unknown', ...client });
      return;
    }
    this.deliveries.inc({ outcome: o.outcome, error_code: o.errorCode ?? '', ...client });
    if (o.outcome === 'delivered') {
      this.latency.observe(Math.max(0, Date.now() - new Date(o.createdAt).getTime()) / 1000);
    }
  }
}

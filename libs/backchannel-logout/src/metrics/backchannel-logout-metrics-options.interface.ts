import type { Registry } from 'prom-client';

/** Options of `BackchannelLogoutMetricsModule.forRoot()`. Every one has a default. */
export interface BackchannelLogoutMetricsOptions {
  /**
   * The prom-client registry the metrics are registered on. Default: a registry of the module's own (serve it
   * with `BackchannelLogoutMetrics.metrics()`). Pass prom-client's global `register` to expose them next to
   * your other metrics.
   */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default `bcl_`. */
  readonly prefix?: string;
  /**
   * Add a `client_id` label to the delivery counters. Default `false`: one series per client is fine for tens
   * or hundreds of RPs, not for an unbounded number.
   */
  readonly clientLabel?: boolean;
  /** Buckets (seconds) of the per-attempt duration histogram. Default 5 ms … 10 s. */
  readonly attemptDurationBuckets?: readonly number[];
  /** Buckets (seconds) of the logout → RP acknowledgement latency histogram. Default 10 ms … 1 h. */
  readonly latencyBuckets?: readonly number[];
  /**
   * @deprecated Ignored: the provider module hands its delivery state to the metrics through the exported
   * `BackchannelLogoutDeliveryState` port, whatever its queue is called.
   */
  readonly queueName?: string;
  /** Longest a scrape waits for Redis and the database before reporting them unavailable. Default 2000 ms. */
  readonly collectTimeoutMs?: number;
}

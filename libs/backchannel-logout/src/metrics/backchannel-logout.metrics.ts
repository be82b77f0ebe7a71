import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { Counter, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type {
  BackchannelLogoutObserver,
  DeliveryAttemptObservation,
  LogoutTokenObservation,
} from '../common/observability/backchannel-logout-observer.interface';
import { DEFAULT_QUEUE_NAME } from '../provider/backchannel-logout.module-definition';
import { BCL_DATA_SOURCE } from '../provider/backchannel-logout.tokens';
import type { BackchannelLogoutMetricsOptions } from './backchannel-logout-metrics-options.interface';
import { BACKCHANNEL_LOGOUT_METRICS_OPTIONS } from './backchannel-logout-metrics.module-definition';
import { DeliveryStateReader } from './delivery-state.reader';
import { createDeliveryStateGauges } from './delivery-state.gauges';
import { loadPromClient } from './prom-client.loader';

const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * Prometheus metrics of both halves of the library, fed by the {@link BackchannelLogoutObserver} hook (counters,
 * histograms) and read from Bull and the outbox table on every scrape (gauges). Serve `metrics()` on your
 * `/metrics` route, or register on your own registry with the `registry` option.
 */
@Injectable()
export class BackchannelLogoutMetrics
  implements BackchannelLogoutObserver, OnModuleInit, OnModuleDestroy
{
  /** The registry holding the metrics (yours, or the module's own). */
  readonly registry: Registry;
  private readonly prefix: string;
  private readonly names: string[] = [];
  private readonly deliveries: Counter<string>;
  private readonly retries: Counter<string>;
  private readonly attemptDuration: Histogram<'outcome'>;
  private readonly latency: Histogram;
  private readonly tokens: Counter<'outcome' | 'error_code'>;
  private readonly sessionsEnded: Counter;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_METRICS_OPTIONS)
    private readonly options: BackchannelLogoutMetricsOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    const prom = loadPromClient();
    this.registry = options.registry ?? new prom.Registry();
    this.prefix = options.prefix ?? 'bcl_';
    const clientLabel = options.clientLabel ? ['client_id'] : [];
    const registers = [this.registry];
    this.deliveries = this.track(
      new prom.Counter({
        name: `${this.prefix}provider_deliveries_total`,
        help: 'Deliveries that reached a final state, by outcome (delivered, failed) and error code',
        labelNames: ['outcome', 'error_code', ...clientLabel],
        registers,
      }),
    );
    this.retries = this.track(
      new prom.Counter({
        name: `${this.prefix}provider_delivery_retries_total`,
        help: 'Delivery attempts that failed with a recoverable error and will be retried, by error code',
        labelNames: ['error_code', ...clientLabel],
        registers,
      }),
    );
    this.attemptDuration = this.track(
      new prom.Histogram({
        name: `${this.prefix}provider_delivery_attempt_duration_seconds`,
        help: 'Duration of one delivery attempt (resolve, connect, POST, response), by outcome',
        labelNames: ['outcome'],
        buckets: [...(options.attemptDurationBuckets ?? ATTEMPT_BUCKETS)],
        registers,
      }),
    );
    this.latency = this.track(
      new prom.Histogram({
        name: `${this.prefix}provider_delivery_latency_seconds`,
        help: 'From the logout call to the RP acknowledging its Logout Token (queueing and retries included)',
        buckets: [...(options.latencyBuckets ?? LATENCY_BUCKETS)],
        registers,
      }),
    );
    this.tokens = this.track(
      new prom.Counter({
        name: `${this.prefix}receiver_logout_tokens_total`,
        help: 'Requests at the back-channel logout endpoint, by outcome (accepted, rejected) and error code',
        labelNames: ['outcome', 'error_code'],
        registers,
      }),
    );
    this.sessionsEnded = this.track(
      new prom.Counter({
        name: `${this.prefix}receiver_sessions_ended_total`,
        help: 'Local sessions ended by accepted Logout Tokens',
        registers,
      }),
    );
  }

  /** Prometheus content type of {@link metrics} (for the `Content-Type` header). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The registry's metrics in the Prometheus text format (reads the queue and outbox gauges now). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** @internal Observer hook: one delivery attempt was recorded. */
  deliveryAttempted(o: DeliveryAttemptObservation): void {
    const client = this.options.clientLabel ? { client_id: o.clientId } : {};
    if (o.attempt > 0) {
      this.attemptDuration.observe({ outcome: o.outcome }, o.durationMs / 1000);
    }
    if (o.outcome === 'retrying') {
      this.retries.inc({ error_code: o.errorCode ?? 'unknown', ...client });
      return;
    }
    this.deliveries.inc({ outcome: o.outcome, error_code: o.errorCode ?? '', ...client });
    if (o.outcome === 'delivered') {
      this.latency.observe(Math.max(0, Date.now() - new Date(o.createdAt).getTime()) / 1000);
    }
  }

  /** @internal Observer hook: the receiver's endpoint answered. */
  logoutTokenReceived(o: LogoutTokenObservation): void {
    this.tokens.inc({ outcome: o.outcome, error_code: o.errorCode ?? '' });
    if (o.sessionsEnded > 0) this.sessionsEnded.inc(o.sessionsEnded);
  }

  /** The scrape-time gauges, when this app runs the provider module (a receiver-only app has none). */
  onModuleInit(): void {
    const reader = new DeliveryStateReader(
      this.find<Queue>(queueToken(this.options.queueName ?? DEFAULT_QUEUE_NAME)),
      this.find<DataSource>(BCL_DATA_SOURCE),
      this.options.collectTimeoutMs ?? 2000,
    );
    if (!reader.enabled) return;
    for (const gauge of createDeliveryStateGauges(reader, this.prefix, this.registry)) {
      this.track(gauge);
    }
  }

  /** Unregister, so a registry you passed in can be used by the next app (tests, hot reload). */
  onModuleDestroy(): void {
    for (const name of this.names.splice(0)) this.registry.removeSingleMetric(name);
  }

  private track<T extends object>(metric: T): T {
    // prom-client keeps the name on the instance; the cast reads it without widening the public types.
    this.names.push((metric as unknown as { name: string }).name);
    return metric;
  }

  private find<T>(token: string | symbol): T | null {
    try {
      return this.moduleRef.get<T>(token, { strict: false });
    } catch {
      return null;
    }
  }
}

/** `getQueueToken(name)` without requiring `@nestjs/bull` in a receiver-only app. */
function queueToken(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@nestjs/bull') as typeof import('@nestjs/bull')).getQueueToken(name);
  } catch {
    return `BullQueue_${name}`;
  }
}

import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Registry } from 'prom-client';
import type {
  BackchannelLogoutObserver,
  DeliveryAttemptObservation,
  LogoutTokenObservation,
} from '../common/observability/backchannel-logout-observer.interface';
import { BackchannelLogoutDeliveryState } from '../provider/delivery/delivery-state.interface';
import { MassLogoutService } from '../provider/mass-logout/mass-logout.service';
import { BackchannelLogoutReceiverService } from '../receiver/logout/backchannel-logout-receiver.service';
import type { BackchannelLogoutMetricsOptions } from './backchannel-logout-metrics-options.interface';
import { BACKCHANNEL_LOGOUT_METRICS_OPTIONS } from './backchannel-logout-metrics.module-definition';
import { BackchannelLogoutRpHealth } from '../provider/health/rp-health.interface';
import { createDeliveryStateGauges } from './delivery-state.gauges';
import { createRpStateGauge } from './rp-state.gauge';
import { DeliveryStateReader } from './delivery-state.reader';
import { MassLogoutMetrics } from './mass-logout.metrics';
import { loadPromClient } from './prom-client.loader';
import { ProviderDeliveryMetrics } from './provider-delivery.metrics';
import { ReceiverTokenMetrics } from './receiver-token.metrics';

/**
 * Prometheus metrics of the library, fed by the {@link BackchannelLogoutObserver} hook (counters, histograms)
 * and read from Bull and the outbox table on every scrape (gauges). Each half registers its metrics only when
 * its module is in the app: a receiver-only RP shows no provider series (nothing to alert on by mistake).
 * Serve `metrics()` on your `/metrics` route, or register on your own registry with the `registry` option.
 */
@Injectable()
export class BackchannelLogoutMetrics
  implements BackchannelLogoutObserver, OnModuleInit, OnModuleDestroy
{
  /** The registry holding the metrics (yours, or the module's own). */
  readonly registry: Registry;
  private readonly prefix: string;
  private readonly names: string[] = [];
  private provider?: ProviderDeliveryMetrics;
  private receiver?: ReceiverTokenMetrics;
  private massLogout?: MassLogoutMetrics;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_METRICS_OPTIONS)
    private readonly options: BackchannelLogoutMetricsOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    this.registry = options.registry ?? new (loadPromClient().Registry)();
    this.prefix = options.prefix ?? 'bcl_';
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
  deliveryAttempted(observation: DeliveryAttemptObservation): void {
    this.provider?.observe(observation);
  }

  /** @internal Observer hook: the receiver's endpoint answered. */
  logoutTokenReceived(observation: LogoutTokenObservation): void {
    this.receiver?.observe(observation);
  }

  /** Registers the metrics of the halves this app runs. */
  onModuleInit(): void {
    // The port the provider module exports: present exactly when the app runs the provider half.
    const state = this.find<BackchannelLogoutDeliveryState>(BackchannelLogoutDeliveryState);
    if (state) {
      this.provider = new ProviderDeliveryMetrics(this.registry, this.prefix, this.options);
      this.track(this.provider.metrics);
      const reader = new DeliveryStateReader(state, this.options.collectTimeoutMs ?? 2000);
      this.track(createDeliveryStateGauges(reader, this.prefix, this.registry));
      const health = this.find<BackchannelLogoutRpHealth>(BackchannelLogoutRpHealth);
      const timeoutMs = this.options.collectTimeoutMs ?? 2000;
      if (health) this.track([createRpStateGauge(health, this.prefix, this.registry, timeoutMs)]);
    }
    const massLogout = this.find<MassLogoutService>(MassLogoutService);
    if (massLogout) {
      const timeoutMs = this.options.collectTimeoutMs ?? 2000;
      this.massLogout = new MassLogoutMetrics(massLogout, this.registry, this.prefix, timeoutMs);
      this.track(this.massLogout.metrics);
    }
    // The service the receiver module exports: present exactly when the app runs the receiver half.
    if (this.find(BackchannelLogoutReceiverService)) {
      this.receiver = new ReceiverTokenMetrics(this.registry, this.prefix);
      this.track(this.receiver.metrics);
    }
  }

  /** Unregister, so a registry you passed in can be used by the next app (tests, hot reload). */
  onModuleDestroy(): void {
    for (const name of this.names.splice(0)) this.registry.removeSingleMetric(name);
    this.massLogout?.dispose();
    this.provider = undefined;
    this.receiver = undefined;
    this.massLogout = undefined;
  }

  private track(metrics: ReadonlyArray<object>): void {
    // prom-client keeps the name on the instance; read without widening the public types.
    for (const metric of metrics) this.names.push((metric as { name: string }).name);
  }

  private find<T>(token: string | symbol | (abstract new (...args: never[]) => unknown)): T | null {
    try {
      return this.moduleRef.get<T>(token, { strict: false }) ?? null;
    } catch {
      return null;
    }
  }
}

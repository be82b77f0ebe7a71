import { DynamicModule, Module } from '@nestjs/common';
import { BackchannelLogoutObserver } from '../common/observability/backchannel-logout-observer.interface';
import { BackchannelLogoutMetrics } from './backchannel-logout.metrics';
import {
  ConfigurableMetricsModule,
  METRICS_ASYNC_OPTIONS_TYPE,
  METRICS_OPTIONS_TYPE,
} from './backchannel-logout-metrics.module-definition';

/**
 * Prometheus metrics (prom-client, an optional peer) for the provider and receiver halves: delivery outcomes,
 * retries, latency, queue depth and outbox backlog; Logout Tokens accepted and rejected by code. It observes
 * the library through the {@link BackchannelLogoutObserver} port and is always global. Import it once, next to
 * `BackchannelLogoutModule` and/or `BackchannelLogoutReceiverModule`.
 *
 * @example
 * imports: [BackchannelLogoutMetricsModule.forRoot({ registry: register })]
 * // then, in a controller: @Get('metrics') metrics() { return this.bclMetrics.metrics(); }
 */
@Module({
  providers: [
    BackchannelLogoutMetrics,
    { provide: BackchannelLogoutObserver, useExisting: BackchannelLogoutMetrics },
  ],
  exports: [BackchannelLogoutMetrics, BackchannelLogoutObserver],
})
export class BackchannelLogoutMetricsModule extends ConfigurableMetricsModule {
  /** Configure with plain options (all optional). */
  static override forRoot(options: typeof METRICS_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  /** Configure from other providers (`useFactory` + `inject`/`imports`, or `useClass`). */
  static override forRootAsync(options: typeof METRICS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return super.forRootAsync(options);
  }
}

/**
 * nestjs-backchannel-logout: OpenID Connect Back-Channel Logout 1.0 for NestJS.
 *
 * - Provider side: `BackchannelLogoutModule` (signs and delivers Logout Tokens through a Bull queue).
 * - Receiver side: `BackchannelLogoutReceiverModule` (validates Logout Tokens and ends sessions).
 *
 * This root entry holds both halves and the metrics. Subpaths: `/receiver` (no TypeORM or Bull needed),
 * `/receiver/typeorm`, `/provider`, `/testing` and `/oidc-provider`.
 *
 * @packageDocumentation
 */
export * from './provider';
export * from './receiver';
export * from './receiver/typeorm';

// ---- metrics (prom-client, optional peer) ----
export { BackchannelLogoutMetricsModule } from './metrics/backchannel-logout-metrics.module';
export { BackchannelLogoutMetrics } from './metrics/backchannel-logout.metrics';
export type { BackchannelLogoutMetricsOptions } from './metrics/backchannel-logout-metrics-options.interface';

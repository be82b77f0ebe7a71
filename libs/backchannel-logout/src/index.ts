/**
 * nestjs-backchannel-logout: OpenID Connect Back-Channel Logout 1.0 for NestJS.
 *
 * - Provider side: `BackchannelLogoutModule` (signs and delivers Logout Tokens through a Bull queue).
 * - Receiver side: `BackchannelLogoutReceiverModule` (validates Logout Tokens and ends sessions).
 *
 * This root entry holds what a host or RP team writes in its code: the modules and their options, the services,
 * the ports with their `Inject*()` helpers, the provider's entities and migrations, the error class and its
 * codes, event names and payloads, and the metrics. Everything else is on a subpath only:
 * `/receiver` (no TypeORM or Bull needed; the in-memory and Redis stores, `ExpressSessionDestroyer` and the
 * stores' row types), `/receiver/typeorm` (the receiver's TypeORM stores, entities and migrations), `/provider`
 * (audit rows, mass-logout and wait results, option sub-types, the target policy), `/testing` and
 * `/oidc-provider`. test/packaging/entry-points.spec.ts keeps this entry at about 90 names.
 *
 * @packageDocumentation
 */

// ---- shared by both halves: the error and its codes, the event URI, the observer port ----
export * from './common';

// ---- provider: module and options ----
export {
  BackchannelLogoutModule,
  BACKCHANNEL_LOGOUT_DEFAULT_QUEUE,
  redisClusterQueueOptions,
  type BackchannelLogoutModuleOptions,
  type LogoutTokenSigningKey,
  type LogoutTokenSigningKeyResolver,
} from './provider';

// ---- provider: services, events and results ----
export {
  BackchannelLogoutService,
  BackchannelLogoutAuditService,
  BackchannelLogoutKeys,
  SessionLifecycleService,
  MassLogoutService,
  BACKCHANNEL_LOGOUT_EVENT_NAMES,
  LogoutSessionEvent,
  LogoutUserEvent,
  IdTokenIssuedEvent,
  LogoutDeliverySucceededEvent,
  LogoutDeliveryFailedEvent,
  SESSION_END_REASONS,
  SESSION_LIFECYCLE_EVENTS,
  SessionExpiredEvent,
  RpHealthChangedEvent,
  type BackchannelLogoutResult,
} from './provider';

// ---- provider: ports ----
export {
  BackchannelLogoutClientStore,
  InjectBackchannelLogoutClientStore,
  BackchannelLogoutSessionRegistry,
  InjectBackchannelLogoutSessionRegistry,
  BackchannelLogoutRpHealth,
  InjectBackchannelLogoutRpHealth,
  SessionExpirySource,
  InjectSessionExpirySource,
  generateSid,
  type BackchannelLogoutClient,
  type SessionParticipant,
  type RpHealthRecord,
  type RpHealthState,
  type ExpiredSession,
} from './provider';

// ---- provider: your database, discovery and client registration ----
export {
  BACKCHANNEL_LOGOUT_ENTITIES,
  BACKCHANNEL_LOGOUT_MIGRATIONS,
  BackchannelLogoutUriColumn,
  BackchannelLogoutSessionRequiredColumn,
  createBackchannelLogoutClientColumnsMigration,
  backchannelLogoutDiscoveryMetadata,
  WithBackchannelLogoutDiscovery,
  IsBackchannelLogoutUri,
  BackchannelLogoutClientMetadataDto,
  BackchannelLogoutClientValidator,
  validateBackchannelLogoutClientMetadata,
} from './provider';

// ---- receiver: module, options, services, hooks and events ----
export {
  BackchannelLogoutReceiverModule,
  BackchannelLogoutReceiverService,
  BACKCHANNEL_LOGOUT_RECEIVED,
  BackchannelLogoutReceivedEvent,
  type BackchannelLogoutReceiverModuleOptions,
  type BackchannelLogoutReceiverModuleAsyncOptions,
  type BackchannelLogoutReceiverOptions,
  type TrustedIssuerOptions,
  type VerifiedLogoutToken,
  type AfterLogoutHook,
  type LogoutOutcome,
  type DownstreamLogoutNotifier,
} from './receiver';

// ---- receiver: ports, and the services, guard and middleware over them ----
export {
  ReplayStore,
  InjectReplayStore,
  SessionTerminator,
  InjectSessionTerminator,
  SessionIndexStore,
  InjectSessionIndexStore,
  SessionIndexService,
  LogoutMarkerStore,
  InjectLogoutMarkerStore,
  LogoutMarkerService,
  LogoutMarkerGuard,
  LogoutMarkerMiddleware,
  type SessionTerminationResult,
  type TerminateOptions,
  type SessionDestroyer,
} from './receiver';

// ---- metrics (prom-client, optional peer) ----
export { BackchannelLogoutMetricsModule } from './metrics/backchannel-logout-metrics.module';
export { BackchannelLogoutMetrics } from './metrics/backchannel-logout.metrics';
export type { BackchannelLogoutMetricsOptions } from './metrics/backchannel-logout-metrics-options.interface';

/**
 * nestjs-backchannel-logout: OpenID Connect Back-Channel Logout 1.0 for NestJS.
 *
 * - Provider side: `BackchannelLogoutModule` (signs and delivers Logout Tokens through a Bull queue).
 * - Receiver side: `BackchannelLogoutReceiverModule` (validates Logout Tokens and ends sessions).
 *
 * @packageDocumentation
 */

// ---- common ----
export {
  BACKCHANNEL_LOGOUT_EVENT,
  LOGOUT_TOKEN_TYP,
  LOGOUT_TOKEN_MEDIA_TYPE,
  LOGOUT_TOKEN_PARAM,
} from './common/backchannel-logout.constants';
export {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from './common/backchannel-logout.error';
export {
  BACKCHANNEL_LOGOUT_MESSAGES,
  type BackchannelLogoutErrorCode,
} from './common/backchannel-logout.messages';

export {
  BACKCHANNEL_LOGOUT_URI_MAX_LENGTH,
  parseBackchannelLogoutUri,
} from './common/registration/logout-uri.rules';
export {
  validateBackchannelLogoutUri,
  validateBackchannelLogoutClientMetadata,
  type BackchannelLogoutClientMetadata,
  type BackchannelLogoutFieldError,
} from './common/registration/client-metadata.validator';
export type { BackchannelLogoutTargetPolicy } from './common/network/target-policy.interface';
export {
  systemHostLookup,
  type HostLookup,
  type ResolvedAddress,
} from './common/network/host-lookup.interface';
export { classifyAddress, type AddressVerdict } from './common/network/address-policy.util';
export { resolveCheckedTarget, type CheckedTarget } from './common/network/target-resolver.util';
export {
  BackchannelLogoutObserver,
  InjectBackchannelLogoutObserver,
  type DeliveryAttemptObservation,
  type DeliveryAttemptOutcome,
  type LogoutTokenObservation,
} from './common/observability/backchannel-logout-observer.interface';

// ---- provider ----
export { BackchannelLogoutModule } from './provider/backchannel-logout.module';
export { DEFAULT_QUEUE_NAME as BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from './provider/backchannel-logout.module-definition';
export type {
  BackchannelLogoutModuleOptions,
  BackchannelLogoutModuleExtras,
  BackchannelLogoutDeliveryOptions,
  BackchannelLogoutOutboxOptions,
  BackchannelLogoutRpHealthOptions,
  BackchannelLogoutClientSource,
  BackchannelLogoutSessionSource,
  TypeOrmClientSourceOptions,
} from './provider/backchannel-logout-options.interface';
export {
  BACKCHANNEL_LOGOUT_CONFIG,
  type BackchannelLogoutConfig,
} from './provider/backchannel-logout.config';
export {
  LOGOUT_TOKEN_ALGORITHMS,
  type LogoutTokenAlgorithm,
  type LogoutTokenSigningKey,
  type LogoutTokenSigningKeyResolver,
} from './provider/token/signing-key.interface';
export { BackchannelLogoutKeys } from './provider/token/backchannel-logout.keys';
export { LogoutTokenFactory, type LogoutTokenInput } from './provider/token/logout-token.factory';
export {
  BackchannelLogoutClientStore,
  InjectBackchannelLogoutClientStore,
  type BackchannelLogoutClient,
} from './provider/clients/client-store.interface';
export { TypeOrmClientStore } from './provider/clients/typeorm-client.store';
export {
  BACKCHANNEL_LOGOUT_CLIENT_COLUMNS,
  BackchannelLogoutUriColumn,
  BackchannelLogoutSessionRequiredColumn,
} from './provider/clients/client-columns.decorators';
export {
  createBackchannelLogoutClientColumnsMigration,
  type ClientColumnsMigrationOptions,
} from './provider/clients/client-columns.migration';
export {
  BackchannelLogoutSessionRegistry,
  InjectBackchannelLogoutSessionRegistry,
  type SessionParticipant,
} from './provider/sessions/session-registry.interface';
export { TypeOrmSessionRegistry } from './provider/sessions/typeorm-session.registry';
export { SessionParticipantEntity } from './provider/sessions/session-participant.entity';
export { generateSid } from './provider/sessions/sid.generator';
export {
  LogoutDeliveryEntity,
  TERMINAL_DELIVERY_STATUSES,
  type LogoutDeliveryStatus,
} from './provider/delivery/logout-delivery.entity';
export { BACKCHANNEL_LOGOUT_ENTITIES } from './provider/backchannel-logout.entities';
export { BACKCHANNEL_LOGOUT_MIGRATIONS } from './provider/migrations/backchannel-logout.migrations';
export { BackchannelLogoutTables1764460800000 } from './provider/migrations/backchannel-logout-tables.migration';
export { BackchannelLogoutService } from './provider/logout/backchannel-logout.service';
export {
  BACKCHANNEL_LOGOUT_EVENTS,
  LogoutSessionEvent,
  LogoutUserEvent,
  IdTokenIssuedEvent,
  LogoutDeliverySucceededEvent,
  LogoutDeliveryFailedEvent,
  type LogoutSessionInput,
  type LogoutUserInput,
  type LogoutDeliveryEventFields,
} from './provider/logout/logout.events';
export type {
  BackchannelLogoutResult,
  LogoutDeliverySummary,
  LogoutDeliveryOutcome,
  LogoutWaitResult,
  WaitForDeliveriesOptions,
} from './provider/logout/logout-result.interface';
export type { SkippedClient, SkipReason } from './provider/logout/logout.planner';
export {
  BackchannelLogoutRpHealth,
  InjectBackchannelLogoutRpHealth,
  RP_HEALTH_STATES,
  type RpHealthRecord,
  type RpHealthState,
} from './provider/health/rp-health.interface';
export { RpHealthChangedEvent } from './provider/health/rp-health.events';
export { BackchannelLogoutAuditService } from './provider/audit/backchannel-logout-audit.service';
export type {
  LogoutDeliveryQuery,
  LogoutDeliveryRecord,
  LogoutDeliveryPage,
} from './provider/audit/delivery-audit.interface';
export {
  backchannelLogoutDiscoveryMetadata,
  type BackchannelLogoutDiscoveryMetadata,
} from './provider/discovery/discovery.metadata';
export {
  BackchannelLogoutDiscoveryInterceptor,
  WithBackchannelLogoutDiscovery,
} from './provider/discovery/discovery.interceptor';
export { IsBackchannelLogoutUri } from './provider/registration/is-backchannel-logout-uri.decorator';
export { BackchannelLogoutUriConstraint } from './provider/registration/backchannel-logout-uri.constraint';
export { BackchannelLogoutClientMetadataDto } from './provider/registration/backchannel-logout-client-metadata.dto';
export { BackchannelLogoutClientValidator } from './provider/registration/backchannel-logout-client.validator';
export {
  LOGOUT_BACKOFF_STRATEGY,
  logoutBackoffDelay,
  type LogoutBackoffOptions,
} from './provider/delivery/delivery-backoff.strategy';

// ---- receiver ----
export { BackchannelLogoutReceiverModule } from './receiver/backchannel-logout-receiver.module';
export {
  RECEIVER_MODULE_OPTIONS,
  type BackchannelLogoutReceiverModuleOptions,
  type BackchannelLogoutReceiverModuleAsyncOptions,
} from './receiver/backchannel-logout-receiver.module-definition';
export type {
  BackchannelLogoutReceiverOptions,
  BackchannelLogoutReceiverExtras,
  TrustedIssuerOptions,
  ReceiverJwksOptions,
} from './receiver/receiver-options.interface';
export { RECEIVER_DEFAULTS, BACKCHANNEL_LOGOUT_RECEIVED } from './receiver/receiver.constants';
export { RECEIVER_CONFIG, type ResolvedReceiverConfig } from './receiver/receiver-config';
export { BackchannelLogoutReceiverService } from './receiver/logout/backchannel-logout-receiver.service';
export { BackchannelLogoutReceivedEvent } from './receiver/logout/backchannel-logout-received.event';
export type { AfterLogoutHook, LogoutOutcome } from './receiver/logout/after-logout.interface';
export {
  DOWNSTREAM_LOGOUT_REASON,
  type DownstreamLogoutNotifier,
  type DownstreamLogoutFunction,
  type DownstreamLogoutNotifierOptions,
  type DownstreamLogoutOption,
} from './receiver/logout/downstream-logout.interface';
export { LogoutTokenVerifier } from './receiver/token/logout-token.verifier';
export type { VerifiedLogoutToken } from './receiver/token/verified-logout-token.interface';
export { type TypPolicy, normalizeMediaType } from './receiver/token/typ-policy.util';
export { hasDuplicateMemberNames } from './receiver/token/json-duplicates.util';
export {
  ReplayStore,
  InjectReplayStore,
  type ReplayKey,
} from './receiver/replay/replay-store.interface';
export {
  MemoryReplayStore,
  type MemoryReplayStoreOptions,
} from './receiver/replay/memory-replay.store';
export { RedisReplayStore } from './receiver/replay/redis-replay.store';
export {
  TypeOrmReplayStore,
  type TypeOrmStoreOptions,
} from './receiver/replay/typeorm-replay.store';
export { BACKCHANNEL_RECEIVER_ENTITIES } from './receiver/storage/typeorm/receiver-entities';
export { BackchannelReplayRecord } from './receiver/storage/typeorm/replay-record.entity';
export { BackchannelSessionLinkRecord } from './receiver/storage/typeorm/session-link.entity';
export { BackchannelLogoutMarkerRecord } from './receiver/storage/typeorm/logout-marker.entity';
export { BackchannelReceiverTables1790000000000 } from './receiver/storage/typeorm/receiver-tables.migration';
export {
  type RedisStoreConnection,
  DEFAULT_REDIS_KEY_PREFIX,
} from './receiver/storage/redis-connection';
export {
  SessionTerminator,
  InjectSessionTerminator,
  type SessionTerminationResult,
} from './receiver/sessions/session-terminator.interface';
export type {
  ReceiverSessionOptions,
  SessionIndexStrategyOptions,
  LogoutMarkerStrategyOptions,
  CustomSessionStrategyOptions,
} from './receiver/sessions/session-options.interface';
export {
  SessionIndexStore,
  InjectSessionIndexStore,
  type SessionLink,
  type SessionLinkInput,
  type SessionLinkQuery,
} from './receiver/sessions/index/session-index-store.interface';
export type { SessionDestroyer } from './receiver/sessions/index/session-destroyer.interface';
export {
  ExpressSessionDestroyer,
  type ExpressSessionStoreLike,
} from './receiver/sessions/index/express-session.destroyer';
export { SessionIndexTerminator } from './receiver/sessions/index/session-index.terminator';
export { SessionIndexService } from './receiver/sessions/index/session-index.service';
export {
  MemorySessionIndexStore,
  type MemorySessionIndexStoreOptions,
} from './receiver/sessions/index/memory-session-index.store';
export {
  RedisSessionIndexStore,
  type RedisSessionIndexStoreOptions,
} from './receiver/sessions/index/redis-session-index.store';
export {
  TypeOrmSessionIndexStore,
  type TypeOrmSessionIndexStoreOptions,
} from './receiver/sessions/index/typeorm-session-index.store';
export {
  LogoutMarkerStore,
  InjectLogoutMarkerStore,
  type LogoutMarker,
  type LogoutMarkerQuery,
  type FoundLogoutMarkers,
} from './receiver/sessions/markers/logout-marker-store.interface';
export type {
  MarkedSession,
  MarkedSessionAccessor,
  LoggedOutHandler,
} from './receiver/sessions/markers/marked-session.interface';
export { LogoutMarkerTerminator } from './receiver/sessions/markers/logout-marker.terminator';
export { LogoutMarkerService } from './receiver/sessions/markers/logout-marker.service';
export { LogoutMarkerGuard } from './receiver/sessions/markers/logout-marker.guard';
export { LogoutMarkerMiddleware } from './receiver/sessions/markers/logout-marker.middleware';
export { MemoryLogoutMarkerStore } from './receiver/sessions/markers/memory-logout-marker.store';
export { RedisLogoutMarkerStore } from './receiver/sessions/markers/redis-logout-marker.store';
export { TypeOrmLogoutMarkerStore } from './receiver/sessions/markers/typeorm-logout-marker.store';

// ---- metrics (prom-client, optional peer) ----
export { BackchannelLogoutMetricsModule } from './metrics/backchannel-logout-metrics.module';
export { BackchannelLogoutMetrics } from './metrics/backchannel-logout.metrics';
export type { BackchannelLogoutMetricsOptions } from './metrics/backchannel-logout-metrics-options.interface';

// ---- testing ----
export { TestIssuer, createTestIssuer, type TestIssuerOptions } from './testing/test-issuer';
export type { TestIssuerRequestCounts } from './testing/test-issuer.server';
export type { TestKey, TestSigningAlg } from './testing/test-keys';
export type {
  InvalidLogoutTokenVariant,
  TestLogoutTokenInput,
  TestOtherTokenInput,
  TestJwsInput,
  JsonObjectOrText,
} from './testing/test-token.types';

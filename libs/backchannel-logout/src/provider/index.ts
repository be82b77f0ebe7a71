/**
 * `nestjs-backchannel-logout/provider`: the OpenID Provider half on its own (needs `@nestjs/typeorm`, `typeorm`,
 * `@nestjs/bull` and `bull`).
 *
 * @example
 * import { BackchannelLogoutModule, BackchannelLogoutService } from 'nestjs-backchannel-logout/provider';
 *
 * @packageDocumentation
 */

// ---- shared with the receiver half ----
export * from '../common';
export {
  validateBackchannelLogoutUri,
  validateBackchannelLogoutClientMetadata,
  type BackchannelLogoutClientMetadata,
  type BackchannelLogoutFieldError,
} from '../common/registration/client-metadata.validator';
export type { BackchannelLogoutTargetPolicy } from '../common/network/target-policy.interface';
export type { HostLookup } from '../common/network/host-lookup.interface';

// ---- module and options ----
export { BackchannelLogoutModule } from './backchannel-logout.module';
export { DEFAULT_QUEUE_NAME as BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from './backchannel-logout.module-definition';
export type {
  BackchannelLogoutModuleOptions,
  BackchannelLogoutRpHealthOptions,
} from './backchannel-logout-options.interface';
export {
  redisClusterQueueOptions,
  type RedisClusterQueueOptions,
  type RedisClusterQueueSettings,
} from './queue/redis-cluster-queue.factory';
export type {
  LogoutTokenSigningKey,
  LogoutTokenSigningKeyResolver,
} from './token/signing-key.interface';

// ---- services, events and results ----
export { BackchannelLogoutService } from './logout/backchannel-logout.service';
export { BackchannelLogoutAuditService } from './audit/backchannel-logout-audit.service';
export { BackchannelLogoutKeys } from './token/backchannel-logout.keys';
export {
  BACKCHANNEL_LOGOUT_EVENT_NAMES,
  LogoutSessionEvent,
  LogoutUserEvent,
  IdTokenIssuedEvent,
  LogoutDeliverySucceededEvent,
  LogoutDeliveryFailedEvent,
  type LogoutManyInput,
  type LogoutSessionInput,
  type LogoutUserInput,
} from './logout/logout.events';
export type {
  BackchannelLogoutResult,
  LogoutDeliverySummary,
  LogoutWaitResult,
  WaitForDeliveriesOptions,
} from './logout/logout-result.interface';
export type { SkipReason, SkippedClient } from './logout/logout.planner';
export type {
  LogoutDeliveryQuery,
  LogoutDeliveryRecord,
  LogoutDeliveryPage,
} from './audit/delivery-audit.interface';
export type { LogoutDeliveryStatus } from './delivery/logout-delivery.entity';

// ---- session lifetimes and expiry ----
export {
  SessionLifecycleService,
  type SessionLifetimeStatus,
} from './expiry/session-lifecycle.service';
export {
  SessionExpirySource,
  InjectSessionExpirySource,
  type ExpiredSession,
} from './expiry/session-expiry-source.interface';
export { SESSION_END_REASONS } from './expiry/session-end.reasons';
export {
  SESSION_LIFECYCLE_EVENTS,
  SessionExpiredEvent,
  type SessionExpiredListener,
} from './expiry/session-lifecycle.events';
export type { BackchannelLogoutSessionLifetimeOptions } from './expiry/session-lifetime-options.interface';

// ---- mass logout (every session of a client, or of everyone) ----
export { MassLogoutService } from './mass-logout/mass-logout.service';
export type { MassLogoutRunOutcome } from './mass-logout/mass-logout.runner';
export type {
  MassLogoutBatchEvent,
  MassLogoutProgress,
  MassLogoutScope,
  MassLogoutStartInput,
  MassLogoutStatus,
} from './mass-logout/mass-logout.interface';

// ---- ports ----
export {
  BackchannelLogoutClientStore,
  InjectBackchannelLogoutClientStore,
  type BackchannelLogoutClient,
} from './clients/client-store.interface';
export {
  BackchannelLogoutSessionRegistry,
  InjectBackchannelLogoutSessionRegistry,
  type SessionParticipant,
} from './sessions/session-registry.interface';
export { generateSid } from './sessions/sid.generator';
export {
  BackchannelLogoutRpHealth,
  InjectBackchannelLogoutRpHealth,
  type RpHealthRecord,
  type RpHealthState,
} from './health/rp-health.interface';
export { RpHealthChangedEvent } from './health/rp-health.events';

// ---- your database: entities, migrations, client columns ----
export { BACKCHANNEL_LOGOUT_ENTITIES } from './backchannel-logout.entities';
export { BACKCHANNEL_LOGOUT_MIGRATIONS } from './migrations/backchannel-logout.migrations';
export {
  BackchannelLogoutUriColumn,
  BackchannelLogoutSessionRequiredColumn,
} from './clients/client-columns.decorators';
export { createBackchannelLogoutClientColumnsMigration } from './clients/client-columns.migration';
export { serializedTransaction } from './delivery/delivery-insert.util';

// ---- discovery and client registration ----
export { backchannelLogoutDiscoveryMetadata } from './discovery/discovery.metadata';
export { WithBackchannelLogoutDiscovery } from './discovery/discovery.interceptor';
export { IsBackchannelLogoutUri } from './registration/is-backchannel-logout-uri.decorator';
export { BackchannelLogoutClientMetadataDto } from './registration/backchannel-logout-client-metadata.dto';
export { BackchannelLogoutClientValidator } from './registration/backchannel-logout-client.validator';

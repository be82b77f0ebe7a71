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

// ---- provider ----
export { BackchannelLogoutModule } from './provider/backchannel-logout.module';
export { DEFAULT_QUEUE_NAME as BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from './provider/backchannel-logout.module-definition';
export type {
  BackchannelLogoutModuleOptions,
  BackchannelLogoutModuleExtras,
  BackchannelLogoutDeliveryOptions,
  BackchannelLogoutOutboxOptions,
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
} from './provider/logout/logout-result.interface';
export type { SkippedClient, SkipReason } from './provider/logout/logout.planner';
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

// ---- testing ----

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

// ---- provider ----

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
export type {
  DownstreamLogoutNotifier,
  DownstreamLogoutFunction,
  DownstreamLogoutNotifierOptions,
  DownstreamLogoutOption,
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

// ---- testing ----
export { TestIssuer, createTestIssuer, type TestIssuerOptions } from './testing/test-issuer';
export type { TestIssuerRequestCounts } from './testing/test-issuer.server';
export type { TestKey, TestSigningAlg } from './testing/test-keys';
export type {
  InvalidLogoutTokenVariant,
  LogoutTokenInput,
  OtherTokenInput,
  TestJwsInput,
  JsonObjectOrText,
} from './testing/test-token.types';

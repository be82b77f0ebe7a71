/**
 * `nestjs-backchannel-logout/receiver`: the Relying Party half on its own. Nothing here loads `@nestjs/typeorm`,
 * `typeorm`, `bull` or `@nestjs/bull`, so a receiver-only app installs none of them; the TypeORM stores are in
 * `nestjs-backchannel-logout/receiver/typeorm`.
 *
 * @example
 * import { BackchannelLogoutReceiverModule } from 'nestjs-backchannel-logout/receiver';
 *
 * @packageDocumentation
 */

// ---- shared with the provider half ----
export * from '../common';

// ---- module and options ----
export { BackchannelLogoutReceiverModule } from './backchannel-logout-receiver.module';
export type {
  BackchannelLogoutReceiverModuleOptions,
  BackchannelLogoutReceiverModuleAsyncOptions,
} from './backchannel-logout-receiver.module-definition';
export type {
  BackchannelLogoutReceiverOptions,
  TrustedIssuerOptions,
} from './receiver-options.interface';
export type { RedisStoreConnection } from './storage/redis-connection';
export type { ReceiverSessionOptions } from './sessions/session-options.interface';

// ---- services, hooks and events ----
export { BackchannelLogoutReceiverService } from './logout/backchannel-logout-receiver.service';
export type { VerifiedLogoutToken } from './token/verified-logout-token.interface';
export { BACKCHANNEL_LOGOUT_RECEIVED } from './receiver.constants';
export { BackchannelLogoutReceivedEvent } from './logout/backchannel-logout-received.event';
export type { AfterLogoutHook, LogoutOutcome } from './logout/after-logout.interface';
export type {
  DownstreamLogoutNotifier,
  DownstreamLogoutOption,
} from './logout/downstream-logout.interface';

// ---- ports and their in-memory / Redis implementations ----
export {
  ReplayStore,
  InjectReplayStore,
  type ReplayKey,
  type ReplayState,
} from './replay/replay-store.interface';
export { MemoryReplayStore } from './replay/memory-replay.store';
export { RedisReplayStore } from './replay/redis-replay.store';
export {
  SessionTerminator,
  InjectSessionTerminator,
  type SessionTerminationResult,
  type TerminateOptions,
} from './sessions/session-terminator.interface';
export {
  SessionIndexStore,
  InjectSessionIndexStore,
  type SessionLink,
  type SessionLinkInput,
  type SessionLinkQuery,
} from './sessions/index/session-index-store.interface';
export { SessionIndexService } from './sessions/index/session-index.service';
export { MemorySessionIndexStore } from './sessions/index/memory-session-index.store';
export { RedisSessionIndexStore } from './sessions/index/redis-session-index.store';
export type { SessionDestroyer } from './sessions/index/session-destroyer.interface';
export { ExpressSessionDestroyer } from './sessions/index/express-session.destroyer';
export {
  RedisSessionDestroyer,
  type RedisSessionDestroyerOptions,
} from './sessions/index/redis-session.destroyer';
export {
  LogoutMarkerStore,
  InjectLogoutMarkerStore,
  type LogoutMarker,
  type LogoutMarkerQuery,
  type FoundLogoutMarkers,
} from './sessions/markers/logout-marker-store.interface';
export type { MarkedSession } from './sessions/markers/marked-session.interface';
export { LogoutMarkerService } from './sessions/markers/logout-marker.service';
export { LogoutMarkerGuard } from './sessions/markers/logout-marker.guard';
export { LogoutMarkerMiddleware } from './sessions/markers/logout-marker.middleware';
export { MemoryLogoutMarkerStore } from './sessions/markers/memory-logout-marker.store';
export { RedisLogoutMarkerStore } from './sessions/markers/redis-logout-marker.store';

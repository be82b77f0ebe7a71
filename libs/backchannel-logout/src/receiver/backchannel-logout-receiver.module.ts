import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { optionalEventEmitterProvider } from '../common/events/optional-event-emitter.provider';
import { IssuerRegistry } from './issuers/issuer.registry';
import { BackchannelLogoutReceiverService } from './logout/backchannel-logout-receiver.service';
import { DownstreamLogoutPropagator } from './logout/downstream-logout.propagator';
import { ReceiverEventPublisher } from './logout/receiver-event.publisher';
import {
  ConfigurableReceiverModule,
  RECEIVER_MODULE_OPTIONS,
} from './backchannel-logout-receiver.module-definition';
import {
  RECEIVER_CONFIG,
  resolveReceiverConfig,
  type ResolvedReceiverConfig,
} from './receiver-config';
import type { BackchannelLogoutReceiverOptions } from './receiver-options.interface';
import { ReplayStore } from './replay/replay-store.interface';
import { LogoutMarkerGuard } from './sessions/markers/logout-marker.guard';
import { LogoutMarkerMiddleware } from './sessions/markers/logout-marker.middleware';
import { LogoutMarkerService } from './sessions/markers/logout-marker.service';
import { RedisClaimKill } from './sessions/index/redis-claim-kill.store';
import { SessionIndexService } from './sessions/index/session-index.service';
import { SessionIndexStore } from './sessions/index/session-index-store.interface';
import { LogoutMarkerStore } from './sessions/markers/logout-marker-store.interface';
import { createSessionTerminator } from './sessions/session-terminator.factory';
import { SessionTerminator } from './sessions/session-terminator.interface';
import { LogoutTokenVerifier } from './token/logout-token.verifier';
import { closeOwnedStores } from './storage/closeable.util';

/**
 * The receiver side of OpenID Connect Back-Channel Logout 1.0: a `POST` endpoint (default
 * `/backchannel-logout`) that verifies Logout Tokens strictly, refuses replays and ends the sessions they name.
 *
 * @example
 * BackchannelLogoutReceiverModule.forRoot({
 *   issuers: [{ issuer: 'https://op.example.com', clientId: 'my-rp' }],
 *   replayStore: new RedisReplayStore({ client: redis }),
 *   sessions: { index: { store: new RedisSessionIndexStore({ client: redis }),
 *                        destroyer: new ExpressSessionDestroyer(sessionStore) } },
 * })
 */
@Module({
  providers: [
    {
      provide: RECEIVER_CONFIG,
      inject: [RECEIVER_MODULE_OPTIONS],
      useFactory: (options: BackchannelLogoutReceiverOptions) => resolveReceiverConfig(options),
    },
    {
      provide: ReplayStore,
      inject: [RECEIVER_CONFIG],
      useFactory: (config: ResolvedReceiverConfig) => config.replayStore,
    },
    {
      provide: SessionTerminator,
      inject: [RECEIVER_CONFIG],
      useFactory: createSessionTerminator,
    },
    {
      provide: RedisClaimKill,
      inject: [RECEIVER_CONFIG],
      useFactory: (config: ResolvedReceiverConfig) => RedisClaimKill.from(config) ?? null,
    },
    {
      provide: SessionIndexStore,
      inject: [RECEIVER_CONFIG],
      useFactory: ({ options: { sessions } }: ResolvedReceiverConfig) =>
        'index' in sessions ? sessions.index.store : null,
    },
    {
      provide: LogoutMarkerStore,
      inject: [RECEIVER_CONFIG],
      useFactory: ({ options: { sessions } }: ResolvedReceiverConfig) =>
        'markers' in sessions ? sessions.markers.store : null,
    },
    optionalEventEmitterProvider(),
    IssuerRegistry,
    LogoutTokenVerifier,
    ReceiverEventPublisher,
    DownstreamLogoutPropagator,
    BackchannelLogoutReceiverService,
    SessionIndexService,
    LogoutMarkerService,
    LogoutMarkerGuard,
    LogoutMarkerMiddleware,
  ],
  exports: [
    RECEIVER_CONFIG,
    ReplayStore,
    SessionTerminator,
    SessionIndexStore,
    LogoutMarkerStore,
    LogoutTokenVerifier,
    BackchannelLogoutReceiverService,
    SessionIndexService,
    LogoutMarkerService,
    LogoutMarkerGuard,
    LogoutMarkerMiddleware,
  ],
})
export class BackchannelLogoutReceiverModule
  extends ConfigurableReceiverModule
  implements OnApplicationShutdown
{
  constructor(
    @Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig,
    private readonly receiver: BackchannelLogoutReceiverService,
  ) {
    super();
  }

  /** Closes the Redis connections the stores opened themselves (never a client you passed in). */
  async onApplicationShutdown(): Promise<void> {
    // Tokens answered while the HTTP server was closing: their "done" records go out first.
    await this.receiver.settled();
    await closeOwnedStores(this.config);
  }
}

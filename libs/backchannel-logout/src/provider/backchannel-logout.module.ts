import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AdvancedSettings } from 'bull';
import { optionalEventEmitterProvider } from '../common/events/optional-event-emitter.provider';
import { BackchannelLogoutAuditService } from './audit/backchannel-logout-audit.service';
import { BackchannelLogoutModuleExtras } from './backchannel-logout-options.interface';
import { BACKCHANNEL_LOGOUT_CONFIG } from './backchannel-logout.config';
import { BACKCHANNEL_LOGOUT_ENTITIES } from './backchannel-logout.entities';
import {
  ASYNC_OPTIONS_TYPE,
  ConfigurableModuleClass,
  DEFAULT_QUEUE_NAME,
  OPTIONS_TYPE,
} from './backchannel-logout.module-definition';
import {
  configProvider,
  infrastructureProviders,
  portProviders,
} from './backchannel-logout.providers';
import { loadNestBull } from './bull.loader';
import { BackchannelLogoutClientStore } from './clients/client-store.interface';
import { LOGOUT_BACKOFF_STRATEGY, logoutBackoffDelay } from './delivery/delivery-backoff.strategy';
import { DeliveryQueueGateway } from './delivery/delivery-queue.gateway';
import { BackchannelLogoutDeliveryState } from './delivery/delivery-state.interface';
import { DeliveryStateService } from './delivery/delivery-state.service';
import { DeliveryNotifier } from './delivery/delivery.notifier';
import { DeliveryOutbox } from './delivery/delivery.outbox';
import { DeliveryReporter } from './delivery/delivery.reporter';
import { DeliveryRepository } from './delivery/delivery.repository';
import { DeliveryWaiter } from './delivery/delivery.waiter';
import { LogoutDeliveryProcessor } from './delivery/logout-delivery.processor';
import { InlineDeliveryDispatcher } from './delivery/inline-delivery.dispatcher';
import { LogoutDeliveryService } from './delivery/logout-delivery.service';
import { OutboxRelay } from './delivery/outbox.relay';
import { SessionExpirySource } from './expiry/session-expiry-source.interface';
import { sessionExpiryProviders } from './expiry/session-expiry.providers';
import { SessionLifecycleService } from './expiry/session-lifecycle.service';
import { BackchannelLogoutService } from './logout/backchannel-logout.service';
import { LogoutEventsListener } from './logout/logout-events.listener';
import { LogoutPipeline } from './logout/logout.pipeline';
import { massLogoutProviders } from './mass-logout/mass-logout.providers';
import { MassLogoutService } from './mass-logout/mass-logout.service';
import { RpConcurrencyLimiter } from './health/rp-concurrency.limiter';
import { BackchannelLogoutRpHealth } from './health/rp-health.interface';
import { RpHealthProbe } from './health/rp-health.probe';
import { RpHealthService } from './health/rp-health.service';
import { RpHealthStore } from './health/rp-health.store';
import { ClusterQueueLifecycle } from './queue/cluster-queue.lifecycle';
import { QueueShutdownLifecycle } from './queue/queue-shutdown.lifecycle';
import { BackchannelLogoutClientValidator } from './registration/backchannel-logout-client.validator';
import { BackchannelLogoutUriConstraint } from './registration/backchannel-logout-uri.constraint';
import { BackchannelLogoutSessionRegistry } from './sessions/session-registry.interface';
import { BackchannelLogoutKeys } from './token/backchannel-logout.keys';
import { LogoutTokenFactory } from './token/logout-token.factory';

/**
 * OpenID Connect Back-Channel Logout 1.0 for an OP. The host owns its TypeORM connection and
 * `BullModule.forRoot`; this module adds its entities and one Bull queue.
 *
 * @example
 * BackchannelLogoutModule.forRoot({
 *   issuer: 'https://op.example.com',
 *   signingKey: { kid: 'k1', alg: 'RS256', privateKey },
 *   clients: { entity: OAuthClient, clientIdField: 'clientId', isActive: (c) => c.enabled },
 * })
 */
@Module({
  providers: [
    configProvider,
    ...portProviders,
    optionalEventEmitterProvider(),
    BackchannelLogoutKeys,
    LogoutTokenFactory,
    DeliveryNotifier,
    DeliveryReporter,
    DeliveryRepository,
    DeliveryQueueGateway,
    DeliveryOutbox,
    DeliveryWaiter,
    LogoutDeliveryService,
    InlineDeliveryDispatcher,
    LogoutDeliveryProcessor,
    OutboxRelay,
    DeliveryStateService,
    { provide: BackchannelLogoutDeliveryState, useExisting: DeliveryStateService },
    RpHealthStore,
    RpConcurrencyLimiter,
    RpHealthService,
    RpHealthProbe,
    { provide: BackchannelLogoutRpHealth, useExisting: RpHealthService },
    LogoutPipeline,
    BackchannelLogoutService,
    LogoutEventsListener,
    BackchannelLogoutAuditService,
    BackchannelLogoutClientValidator,
    BackchannelLogoutUriConstraint,
    ClusterQueueLifecycle,
    ...sessionExpiryProviders,
    ...massLogoutProviders,
    QueueShutdownLifecycle,
  ],
  exports: [
    BACKCHANNEL_LOGOUT_CONFIG,
    BackchannelLogoutService,
    BackchannelLogoutAuditService,
    BackchannelLogoutKeys,
    BackchannelLogoutClientValidator,
    BackchannelLogoutUriConstraint,
    BackchannelLogoutClientStore,
    BackchannelLogoutSessionRegistry,
    BackchannelLogoutDeliveryState,
    BackchannelLogoutRpHealth,
    DeliveryRepository,
    SessionLifecycleService,
    SessionExpirySource,
    MassLogoutService,
  ],
})
export class BackchannelLogoutModule extends ConfigurableModuleClass {
  /** Configure with plain options. */
  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withInfrastructure(super.forRoot(options), options);
  }

  /** Configure from other providers (`useFactory` + `inject`/`imports`, or `useClass`). */
  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withInfrastructure(super.forRootAsync(options), options);
  }
}

function withInfrastructure(
  definition: DynamicModule,
  extras: BackchannelLogoutModuleExtras,
): DynamicModule {
  const queueName = extras.queueName ?? DEFAULT_QUEUE_NAME;
  return {
    ...definition,
    imports: [
      ...(definition.imports ?? []),
      TypeOrmModule.forFeature([...BACKCHANNEL_LOGOUT_ENTITIES], extras.dataSource),
      bullQueue(queueName),
    ],
    providers: [
      ...(definition.providers ?? []),
      ...infrastructureProviders(queueName, extras.dataSource),
    ],
  };
}

/**
 * The delivery queue. @nestjs/bull merges queue options over the host's `BullModule.forRoot()` options
 * shallowly, so a plain `settings` here would drop the host's lockDuration, stalledInterval, ...: the
 * host's settings are read and extended instead.
 */
function bullQueue(queueName: string): DynamicModule {
  const { BullModule, BULL_CONFIG_DEFAULT_TOKEN } = loadNestBull();
  return BullModule.registerQueueAsync({
    name: queueName,
    inject: [{ token: BULL_CONFIG_DEFAULT_TOKEN, optional: true }],
    useFactory: (shared?: { settings?: AdvancedSettings }) => ({
      settings: {
        ...shared?.settings,
        backoffStrategies: {
          ...shared?.settings?.backoffStrategies,
          // A pure strategy: its parameters travel in each job's backoff options.
          [LOGOUT_BACKOFF_STRATEGY]: logoutBackoffDelay,
        },
      },
    }),
  });
}

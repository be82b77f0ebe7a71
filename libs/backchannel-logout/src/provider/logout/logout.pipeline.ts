import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import {
  BackchannelLogoutClient,
  BackchannelLogoutClientStore,
} from '../clients/client-store.interface';
import { toDeliverySummary } from '../delivery/delivery-query.util';
import { AfterStore, DeliveryOutbox } from '../delivery/delivery.outbox';
import { SessionParticipant } from '../sessions/session-registry.interface';
import { BackchannelLogoutResult } from './logout-result.interface';
import { LogoutScope, planLogout } from './logout.planner';

/** Why and by whom, kept in the audit. */
export interface LogoutCause {
  readonly reason: string | null;
  readonly initiatingClientId: string | null;
}

/**
 * The one logout pipeline (real logouts and the admin's test send): read the clients, plan who gets which
 * token, store the deliveries and enqueue them. It never makes an HTTP call itself.
 */
@Injectable()
export class LogoutPipeline {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BackchannelLogoutClientStore) private readonly clients: BackchannelLogoutClientStore,
    private readonly outbox: DeliveryOutbox,
  ) {}

  /** The registered clients with these ids; a store failure becomes `client_store_failed`. */
  async findClients(clientIds: readonly string[]): Promise<BackchannelLogoutClient[]> {
    if (clientIds.length === 0) return [];
    try {
      return await this.clients.findClients([...clientIds]);
    } catch (err) {
      throw BackchannelLogoutError.of('client_store_failed', (err as Error).message, err);
    }
  }

  /**
   * Plan, store and enqueue the deliveries of one logout of `scope`, given who took part. `after`: writes
   * that must follow the commit (see {@link DeliveryOutbox.write}).
   */
  run(
    scope: LogoutScope,
    participants: readonly SessionParticipant[],
    cause: LogoutCause,
    after?: AfterStore,
  ): Promise<BackchannelLogoutResult> {
    return this.runMany([{ scope, participants }], cause, after);
  }

  /**
   * Several logouts stored as one: each scope planned exactly as its own {@link run} would plan it, every
   * delivery in one outbox write (one commit, one enqueue) under one `logoutId`.
   */
  async runMany(
    logouts: ReadonlyArray<{
      readonly scope: LogoutScope;
      readonly participants: readonly SessionParticipant[];
    }>,
    cause: LogoutCause,
    after?: AfterStore,
  ): Promise<BackchannelLogoutResult> {
    const logoutId = randomUUID();
    const clientIds = new Set(logouts.flatMap((l) => l.participants.map((p) => p.clientId)));
    const clients = await this.findClients([...clientIds]);
    const plans = logouts.map((l) =>
      planLogout(l.scope, l.participants, clients, this.config.targetPolicy),
    );
    const { rows, enqueued } = await this.outbox.write(
      {
        logoutId,
        reason: cause.reason,
        initiatingClientId: cause.initiatingClientId,
        deliveries: plans.flatMap((p) => p.deliveries),
      },
      after,
    );
    if (!enqueued)
      this.logger.warn(
        `logout ${logoutId}: Redis unavailable, ${rows.length} deliveries kept in the outbox`,
      );
    return {
      logoutId,
      enqueued,
      skipped: plans.flatMap((p) => p.skipped),
      deliveries: rows.map(toDeliverySummary),
    };
  }
}

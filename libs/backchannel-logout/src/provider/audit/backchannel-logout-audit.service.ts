import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BCL_DATA_SOURCE, BCL_QUEUE } from '../backchannel-logout.tokens';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BackchannelLogoutClientStore } from '../clients/client-store.interface';
import { DeliveryEnqueuer } from '../delivery/delivery.enqueuer';
import { DeliveryOutbox } from '../delivery/delivery.outbox';
import { LogoutDeliveryEntity } from '../delivery/logout-delivery.entity';
import { generateSid } from '../sessions/sid.generator';
import { planLogout } from '../logout/logout.planner';
import { BackchannelLogoutResult } from '../logout/logout-result.interface';
import { summarizeDeliveries } from '../logout/delivery-summary.util';
import {
  LogoutDeliveryPage,
  LogoutDeliveryQuery,
  LogoutDeliveryRecord,
} from './delivery-audit.interface';
import { randomUUID } from 'node:crypto';

/** The audit trail of deliveries: list and filter, retry a failed one, send a test logout. */
@Injectable()
export class BackchannelLogoutAuditService {
  private readonly deliveries: Repository<LogoutDeliveryEntity>;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_DATA_SOURCE) dataSource: DataSource,
    @Inject(BCL_QUEUE) private readonly queue: Queue,
    @Inject(BackchannelLogoutClientStore) private readonly clients: BackchannelLogoutClientStore,
    private readonly enqueuer: DeliveryEnqueuer,
    private readonly outbox: DeliveryOutbox,
  ) {
    this.deliveries = dataSource.getRepository(LogoutDeliveryEntity);
  }

  /** Deliveries matching `query`, newest first, one page at a time. */
  async list(query: LogoutDeliveryQuery = {}): Promise<LogoutDeliveryPage> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(500, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const qb = this.filter(this.deliveries.createQueryBuilder('d'), query)
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(toRecord), total, page, pageSize };
  }

  /** One delivery, or `null`. */
  async get(id: string): Promise<LogoutDeliveryRecord | null> {
    const row = await this.deliveries.findOneBy({ id });
    return row ? toRecord(row) : null;
  }

  /**
   * Send a failed delivery again, to the client's current `backchannel_logout_uri`: a new cycle of attempts
   * with the same `jti` (re-signed if its `exp` has passed). Throws `delivery_not_found`,
   * `delivery_not_retryable` (not failed, or no sid for a session-required client), `client_not_found` or
   * `client_uri_invalid`.
   */
  async retry(id: string): Promise<LogoutDeliveryRecord> {
    const row = await this.deliveries.findOneBy({ id });
    if (!row) throw BackchannelLogoutError.of('delivery_not_found', id);
    if (row.status !== 'failed') {
      throw BackchannelLogoutError.of('delivery_not_retryable', `it is ${row.status}`);
    }
    if (row.errorCode === 'session_required_no_sid') {
      throw BackchannelLogoutError.of(
        'delivery_not_retryable',
        'no sid is known for this session-required client',
      );
    }
    // The client's current registration: an administrator may have fixed its URI since.
    const [client] = await this.clients.findClients([row.clientId]);
    if (!client) throw BackchannelLogoutError.of('client_not_found', row.clientId);
    if (!client.backchannelLogoutUri) {
      throw BackchannelLogoutError.of(
        'client_uri_invalid',
        'the client has no backchannel_logout_uri any more',
      );
    }
    // The finished Bull job still holds this id; remove it so the new job is not taken for a duplicate.
    const old = await this.queue.getJob(id);
    if (old) await old.remove();
    await this.deliveries.update(
      { id, status: 'failed' },
      {
        status: 'pending',
        uri: client.backchannelLogoutUri,
        errorCode: null,
        errorMessage: null,
        updatedAt: new Date(),
      },
    );
    await this.enqueuer.enqueue([id]);
    return toRecord((await this.deliveries.findOneBy({ id }))!);
  }

  /**
   * Send a real Logout Token to one client (reason `test`), for an admin's "send test logout" button. It
   * carries `sub` (default `backchannel-logout-test`) and, for a session-required client, a fresh random
   * `sid`, so no real session matches; BCL §2.7 says the RP then answers 200 all the same.
   */
  async sendTestLogout(
    clientId: string,
    options: { sub?: string } = {},
  ): Promise<BackchannelLogoutResult> {
    const [client] = await this.clients.findClients([clientId]);
    if (!client) throw BackchannelLogoutError.of('client_not_found', clientId);
    const sub = options.sub ?? 'backchannel-logout-test';
    // Planned as a user logout of one session: the sid goes only to a session-required client.
    const session = { sid: generateSid(), sub, clientId };
    const plan = planLogout({ sub }, [session], [client], this.config.targetPolicy);
    if (plan.deliveries.length === 0)
      throw BackchannelLogoutError.of(
        'client_uri_invalid',
        'the client has no backchannel_logout_uri',
      );
    const logoutId = randomUUID();
    const { rows, enqueued } = await this.outbox.write({
      logoutId,
      reason: 'test',
      initiatingClientId: null,
      deliveries: plan.deliveries,
    });
    return {
      logoutId,
      enqueued,
      skipped: [],
      deliveries: summarizeDeliveries(rows),
    };
  }

  private filter(
    qb: SelectQueryBuilder<LogoutDeliveryEntity>,
    q: LogoutDeliveryQuery,
  ): SelectQueryBuilder<LogoutDeliveryEntity> {
    if (q.clientId !== undefined) qb.andWhere('d.clientId = :clientId', { clientId: q.clientId });
    if (q.status !== undefined) {
      const statuses = Array.isArray(q.status) ? q.status : [q.status];
      qb.andWhere('d.status IN (:...statuses)', { statuses: statuses.length ? statuses : [''] });
    }
    if (q.sub !== undefined) qb.andWhere('d.sub = :sub', { sub: q.sub });
    if (q.sid !== undefined) qb.andWhere('d.sid = :sid', { sid: q.sid });
    if (q.logoutId !== undefined) qb.andWhere('d.logoutId = :logoutId', { logoutId: q.logoutId });
    if (q.jti !== undefined) qb.andWhere('d.jti = :jti', { jti: q.jti });
    if (q.from !== undefined) qb.andWhere('d.createdAt >= :from', { from: q.from });
    if (q.to !== undefined) qb.andWhere('d.createdAt < :to', { to: q.to });
    return qb;
  }
}

function toRecord(row: LogoutDeliveryEntity): LogoutDeliveryRecord {
  return { ...row };
}

import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BCL_DATA_SOURCE } from '../backchannel-logout.tokens';
import { PlannedDelivery } from '../logout/logout.planner';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { deliveryEventFields } from './delivery-event-fields.util';
import { DeliveryEnqueuer } from './delivery.enqueuer';
import { DeliveryEvents } from './delivery.events';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

const CHUNK = 250;

/** What a logout call stores and hands on. */
export interface OutboxWrite {
  readonly logoutId: string;
  readonly reason: string | null;
  readonly initiatingClientId: string | null;
  readonly deliveries: readonly PlannedDelivery[];
}

/**
 * Writes delivery rows (the outbox) in bulk inside one transaction, then enqueues the sendable ones with one
 * `addBulk`. Rows come first: if Redis is down they wait as `pending` for the relay, nothing is lost.
 */
@Injectable()
export class DeliveryOutbox {
  constructor(
    @Inject(BCL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly enqueuer: DeliveryEnqueuer,
    private readonly events: DeliveryEvents,
  ) {}

  async write(input: OutboxWrite): Promise<{ rows: LogoutDeliveryEntity[]; enqueued: boolean }> {
    const now = new Date();
    const rows = input.deliveries.map((d) => {
      const row = new LogoutDeliveryEntity();
      Object.assign(row, {
        id: randomUUID(),
        logoutId: input.logoutId,
        // A fresh random jti per delivery (BCL §2.4), pinned across its retries.
        jti: randomBytes(18).toString('base64url'),
        clientId: d.clientId,
        uri: d.uri,
        sub: d.sub,
        sid: d.sid,
        reason: input.reason?.slice(0, 64) ?? null,
        initiatingClientId: input.initiatingClientId,
        status: d.failure ? 'failed' : 'pending',
        attempts: 0,
        lastHttpStatus: null,
        errorCode: d.failure?.code ?? null,
        errorMessage: d.failure?.message ?? null,
        tokenIssuedAt: null,
        createdAt: now,
        updatedAt: now,
        lastAttemptAt: null,
        deliveredAt: null,
        durationMs: null,
      } satisfies LogoutDeliveryEntity);
      return row;
    });
    if (rows.length > 0) {
      await this.dataSource.transaction(async (manager) => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          await manager
            .createQueryBuilder()
            .insert()
            .into(LogoutDeliveryEntity)
            .values(rows.slice(i, i + CHUNK))
            .updateEntity(false)
            .execute();
        }
      });
    }
    for (const r of rows) if (r.status === 'failed') this.reportNotSent(r);
    const sendable = rows.filter((r) => r.status === 'pending');
    const enqueued = await this.enqueuer.enqueue(sendable.map((r) => r.id));
    if (enqueued) for (const r of sendable) r.status = 'queued';
    return { rows, enqueued };
  }

  /** A delivery that cannot be sent at all is an outcome too: reported like a final failed attempt. */
  private reportNotSent(row: LogoutDeliveryEntity): void {
    const code = row.errorCode as BackchannelLogoutErrorCode;
    this.events.failed(
      deliveryEventFields(row, { attempt: 0, httpStatus: null, durationMs: 0 }),
      code,
      row.errorMessage ?? '',
      true,
      row.createdAt,
    );
  }
}

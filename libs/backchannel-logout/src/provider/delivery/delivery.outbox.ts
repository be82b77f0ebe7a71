import { Injectable } from '@nestjs/common';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { DeliveryQueueGateway } from './delivery-queue.gateway';
import { DeliveryReporter } from './delivery.reporter';
import { DeliveryRepository, NewDeliveries } from './delivery.repository';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/**
 * The transactional outbox: rows first (one transaction), then one `addBulk` for the sendable ones. If Redis
 * is down they wait as `pending` for the relay, nothing is lost.
 */
@Injectable()
export class DeliveryOutbox {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueueGateway,
    private readonly reporter: DeliveryReporter,
  ) {}

  /** Store the deliveries of one logout and enqueue the sendable ones. */
  async write(input: NewDeliveries): Promise<{ rows: LogoutDeliveryEntity[]; enqueued: boolean }> {
    const rows = await this.deliveries.create(input);
    for (const r of rows) if (r.status === 'failed') this.reportNotSent(r);
    const sendable = rows.filter((r) => r.status === 'pending');
    const enqueued = await this.enqueue(sendable.map((r) => r.id));
    if (enqueued) for (const r of sendable) r.status = 'queued';
    return { rows, enqueued };
  }

  /**
   * Add one job per id, then mark the rows `queued`. Resolves to `false` (rows stay `pending` for the relay)
   * when Redis is down or too slow.
   */
  async enqueue(ids: readonly string[]): Promise<boolean> {
    if (ids.length === 0) return true;
    if (!(await this.queue.add(ids))) return false;
    await this.deliveries.markQueued(ids);
    return true;
  }

  /** A delivery that cannot be sent at all is an outcome too: reported like a final failed attempt. */
  private reportNotSent(row: LogoutDeliveryEntity): void {
    this.reporter.report(row, {
      attempt: 0,
      httpStatus: null,
      durationMs: 0,
      outcome: 'failed',
      errorCode: row.errorCode as BackchannelLogoutErrorCode,
      errorMessage: row.errorMessage ?? '',
    });
  }
}

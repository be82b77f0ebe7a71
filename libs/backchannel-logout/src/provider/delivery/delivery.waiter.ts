import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource, Repository } from 'typeorm';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE, BCL_QUEUE } from '../backchannel-logout.tokens';
import { LogoutWaitResult } from '../logout/logout-result.interface';
import { DeliveryNotifier } from './delivery.notifier';
import { LogoutDeliveryEntity, TERMINAL_DELIVERY_STATUSES } from './logout-delivery.entity';

/**
 * Bounded wait on the deliveries of one logout. Works whichever process runs the worker: it re-reads the
 * audit rows every `waitPollIntervalMs`, and wakes early on local outcomes and on Bull's global events.
 */
@Injectable()
export class DeliveryWaiter implements OnModuleDestroy {
  private readonly deliveries: Repository<LogoutDeliveryEntity>;
  private listening = false;
  private readonly wake = (): void => this.notifier.notify('*');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_DATA_SOURCE) dataSource: DataSource,
    @Inject(BCL_QUEUE) private readonly queue: Queue,
    private readonly notifier: DeliveryNotifier,
  ) {
    this.deliveries = dataSource.getRepository(LogoutDeliveryEntity);
  }

  async wait(logoutId: string, timeoutMs: number): Promise<LogoutWaitResult> {
    this.listen();
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      const rows = await this.deliveries.find({
        where: { logoutId },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const settled = rows.every((r) => TERMINAL_DELIVERY_STATUSES.includes(r.status));
      const left = deadline - Date.now();
      if (settled || left <= 0) {
        return {
          logoutId,
          settled,
          deliveries: rows.map((r) => ({
            deliveryId: r.id,
            clientId: r.clientId,
            sid: r.sid,
            status: r.status,
            attempts: r.attempts,
            lastHttpStatus: r.lastHttpStatus,
            errorCode: r.errorCode,
            errorMessage: r.errorMessage,
          })),
        };
      }
      await this.notifier.next(logoutId, Math.min(left, this.config.waitPollIntervalMs));
    }
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.queue.on('global:completed', this.wake);
    this.queue.on('global:failed', this.wake);
  }

  onModuleDestroy(): void {
    if (!this.listening) return;
    this.queue.off('global:completed', this.wake);
    this.queue.off('global:failed', this.wake);
  }
}

import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource, In, Not, Repository } from 'typeorm';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE, BCL_QUEUE } from '../backchannel-logout.tokens';
import { LogoutWaitResult } from '../logout/logout-result.interface';
import { DeliveryNotifier } from './delivery.notifier';
import { LogoutDeliveryEntity, TERMINAL_DELIVERY_STATUSES } from './logout-delivery.entity';

const TERMINAL = [...TERMINAL_DELIVERY_STATUSES];
const MAX_GAP_MS = 50;
const GAP_PER_OPEN_DELIVERY_MS = 2;

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
    // Wake-ups come per delivery (1 000 RPs = 2 000 of them): re-check with a COUNT on the logout_id index,
    // at most every 2 ms per delivery still open (capped at 50 ms), so a large fan-out is not re-counted on
    // every outcome while the last few deliveries of a small one are seen at once; load the rows once at the end.
    for (;;) {
      const checkedAt = Date.now();
      const open = await this.deliveries.count({ where: { logoutId, status: Not(In(TERMINAL)) } });
      if (open === 0 || Date.now() >= deadline) return this.result(logoutId, open === 0);
      await this.notifier.next(
        logoutId,
        Math.min(deadline - Date.now(), this.config.waitPollIntervalMs),
      );
      const minGap = Math.min(MAX_GAP_MS, open * GAP_PER_OPEN_DELIVERY_MS);
      const gap = Math.min(minGap - (Date.now() - checkedAt), deadline - Date.now());
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
  }

  private async result(logoutId: string, settledBefore: boolean): Promise<LogoutWaitResult> {
    const rows = await this.deliveries.find({
      where: { logoutId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return {
      logoutId,
      settled: settledBefore || rows.every((r) => TERMINAL.includes(r.status)),
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

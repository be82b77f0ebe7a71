import { Injectable } from '@nestjs/common';
import { DeliveryQueueGateway } from './delivery-queue.gateway';
import {
  BackchannelLogoutDeliveryState,
  DELIVERY_QUEUE_STATES,
  DeliveryQueueDepth,
  OpenDeliveries,
} from './delivery-state.interface';
import { DeliveryRepository } from './delivery.repository';

/** The {@link BackchannelLogoutDeliveryState} port over the queue gateway and the delivery repository. */
@Injectable()
export class DeliveryStateService implements BackchannelLogoutDeliveryState {
  constructor(
    private readonly queue: DeliveryQueueGateway,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async readQueue(): Promise<DeliveryQueueDepth | null> {
    // ioredis would buffer the commands until Redis is back: answer "down" at once instead.
    if (this.queue.isOffline()) return null;
    const { counts, oldestWaitingTimestamp } = await this.queue.depth();
    const all = counts as Partial<Record<(typeof DELIVERY_QUEUE_STATES)[number], number>>;
    return {
      counts: Object.fromEntries(DELIVERY_QUEUE_STATES.map((s) => [s, all[s] ?? 0])) as Record<
        (typeof DELIVERY_QUEUE_STATES)[number],
        number
      >,
      oldestWaitingAt: oldestWaitingTimestamp,
    };
  }

  async readOpenDeliveries(): Promise<OpenDeliveries | null> {
    if (!this.deliveries.isConnected()) return null;
    const { counts, oldestPendingCreatedAt } = await this.deliveries.countOpenByStatus();
    return { counts, oldestPendingAt: oldestPendingCreatedAt };
  }
}

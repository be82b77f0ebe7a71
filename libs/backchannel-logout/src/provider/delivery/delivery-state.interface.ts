import { Inject } from '@nestjs/common';
import { OPEN_DELIVERY_STATUSES } from './logout-delivery.entity';

/** Bull job states reported as queue depth. */
export const DELIVERY_QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'paused',
] as const;

/** The delivery queue right now. */
export interface DeliveryQueueDepth {
  readonly counts: Readonly<Record<(typeof DELIVERY_QUEUE_STATES)[number], number>>;
  /** When the job at the head of the wait list was created, in ms since the epoch (`null`: none waits). */
  readonly oldestWaitingAt: number | null;
}

/** The open deliveries (outbox) right now. */
export interface OpenDeliveries {
  readonly counts: Readonly<Record<(typeof OPEN_DELIVERY_STATUSES)[number], number>>;
  /** When the oldest `pending` row (not yet accepted by Redis) was written (`null`: none). */
  readonly oldestPendingAt: Date | null;
}

/**
 * Port: the provider's delivery state for monitoring (queue depth, open deliveries). The provider module
 * provides and exports it; `BackchannelLogoutMetricsModule` reads it on every scrape. Either read may reject
 * or hang when Redis or the database is down: the caller bounds it.
 */
export interface BackchannelLogoutDeliveryState {
  /** Queue depth, or `null` at once when Redis is known to be down. */
  readQueue(): Promise<DeliveryQueueDepth | null>;
  /** Open deliveries by status, or `null` when the database is not connected. */
  readOpenDeliveries(): Promise<OpenDeliveries | null>;
}

/** Injection token of the {@link BackchannelLogoutDeliveryState} port. */
export const BackchannelLogoutDeliveryState = Symbol('BackchannelLogoutDeliveryState');

/** `@InjectBackchannelLogoutDeliveryState() state: BackchannelLogoutDeliveryState` */
export const InjectBackchannelLogoutDeliveryState = (): ParameterDecorator =>
  Inject(BackchannelLogoutDeliveryState);

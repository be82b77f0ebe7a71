import { LogoutDeliveryStatus, OPEN_DELIVERY_STATUSES } from './logout-delivery.entity';

/** What one attempt changed on a row. */
export interface RecordedAttempt {
  readonly status: Extract<
    LogoutDeliveryStatus,
    'delivered' | 'retrying' | 'unconfirmed' | 'failed'
  >;
  readonly attempts: number;
  readonly httpStatus: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly tokenIssuedAt: Date;
  readonly startedAt: Date;
  readonly durationMs: number;
}

/** Where the vanished-job scan resumes (keyset over `updatedAt`, `id`). */
export interface StaleCursor {
  readonly at: Date;
  readonly id: string;
}

/** The scan's first position. */
export const STALE_START: StaleCursor = { at: new Date(0), id: '' };

/** Open deliveries by status and the age of the oldest `pending` one, for the metrics gauges. */
export interface OpenDeliveryCounts {
  readonly counts: Record<(typeof OPEN_DELIVERY_STATUSES)[number], number>;
  readonly oldestPendingCreatedAt: Date | null;
}

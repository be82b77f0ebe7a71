// Kept free of TypeORM so the metrics module can read the statuses without loading it.

/**
 * Where a delivery stands.
 * - `pending`: stored (outbox), not yet accepted by Redis;
 * - `queued`: a Bull job exists;
 * - `retrying`: an attempt failed with a recoverable error, another one is scheduled;
 * - `paused`: held back while its RP is paused (per-RP health); resuming puts it back to `queued`;
 * - `delivered`: the RP answered 200 or 204 (BCL §2.8);
 * - `unconfirmed`: final; the RP refused a retransmission of a token whose earlier attempt went
 *   unanswered, so the logout most likely happened (`retransmission_refused`); not a failure;
 * - `failed`: final; `errorCode` says why.
 */
export type LogoutDeliveryStatus =
  'pending' | 'queued' | 'retrying' | 'paused' | 'delivered' | 'unconfirmed' | 'failed';

/** The statuses after which nothing more happens to a delivery. */
export const TERMINAL_DELIVERY_STATUSES: readonly LogoutDeliveryStatus[] = [
  'delivered',
  'unconfirmed',
  'failed',
];

/** The statuses of a delivery that is not finished yet. */
export const OPEN_DELIVERY_STATUSES = ['pending', 'queued', 'retrying', 'paused'] as const;

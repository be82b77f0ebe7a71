import { randomBytes, randomUUID } from 'node:crypto';
import { PlannedDelivery } from '../logout/logout.planner';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

const JTI_BYTES = 18;

/** What a logout call stores: one row per planned delivery. */
export interface NewDeliveries {
  readonly logoutId: string;
  readonly reason: string | null;
  readonly initiatingClientId: string | null;
  readonly deliveries: readonly PlannedDelivery[];
}

/**
 * The rows of one logout, not yet stored: a planned failure is `failed`, everything else `sendable`
 * (`pending` until the queue takes it, or `queued` when the jobs are added right after the write).
 * `now` is the logout time, later the token's `iat`.
 */
export function newDeliveryRows(
  input: NewDeliveries,
  now: Date,
  sendable: 'pending' | 'queued' = 'pending',
): LogoutDeliveryEntity[] {
  // One read of the CSPRNG for every jti of the logout instead of one per row.
  const entropy = randomBytes(JTI_BYTES * input.deliveries.length);
  return input.deliveries.map((d, i) =>
    Object.assign(new LogoutDeliveryEntity(), {
      id: randomUUID(),
      logoutId: input.logoutId,
      // A fresh random jti per delivery (BCL §2.4), pinned across its retries.
      jti: entropy.subarray(i * JTI_BYTES, (i + 1) * JTI_BYTES).toString('base64url'),
      clientId: d.clientId,
      uri: d.uri,
      sub: d.sub,
      sid: d.sid,
      reason: input.reason?.slice(0, 64) ?? null,
      initiatingClientId: input.initiatingClientId,
      status: d.failure ? 'failed' : sendable,
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
    } satisfies LogoutDeliveryEntity),
  );
}

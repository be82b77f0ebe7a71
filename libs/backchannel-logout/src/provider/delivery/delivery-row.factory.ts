import { randomBytes } from 'node:crypto';
import { PlannedDelivery } from '../logout/logout.planner';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

const JTI_BYTES = 18;
/** Random bytes of a row id: a UUIDv7 is 6 bytes of time and 10 of randomness (less version and variant). */
const ID_RANDOM_BYTES = 10;
const ROW_BYTES = JTI_BYTES + ID_RANDOM_BYTES;

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
  // One read of the CSPRNG for every jti and id of the logout instead of one per row.
  const entropy = randomBytes(ROW_BYTES * input.deliveries.length);
  const at = now.getTime();
  return input.deliveries.map((d, i) =>
    Object.assign(new LogoutDeliveryEntity(), {
      id: deliveryId(at, i, entropy.subarray(i * ROW_BYTES + JTI_BYTES, (i + 1) * ROW_BYTES)),
      logoutId: input.logoutId,
      // A fresh random jti per delivery (BCL §2.4), pinned across its retries.
      jti: entropy.subarray(i * ROW_BYTES, i * ROW_BYTES + JTI_BYTES).toString('base64url'),
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

/**
 * A UUIDv7 (RFC 9562 §5.7): the logout time in its first 48 bits, then the row's index in the logout (12 bits,
 * RFC 9562 §6.2 method 1) and 62 random bits. Ids that grow with time are appended to the primary key's
 * index instead of landing on a random page of it: a logout of 1 000 RPs then dirties a few index pages, not
 * up to 1 000, which is what its commit writes and syncs (random v4 ids made that the largest part of it).
 */
export function deliveryId(at: number, index: number, random: Uint8Array): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes.set(random.subarray(0, ID_RANDOM_BYTES), 6);
  bytes[6] = 0x70 | ((index >> 8) & 0x0f);
  bytes[7] = index & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { Inject } from '@nestjs/common';

/** The key of one used Logout Token: `jti` is unique only per issuer (BCL §2.6 step 8). */
export interface ReplayKey {
  readonly iss: string;
  readonly jti: string;
}

/**
 * What `ReplayStore.acquire` found:
 * - `acquired`: the token was not recorded (or its record expired, or was released); the caller now holds it;
 * - `in_progress`: another request holds it and has not finished (its lease is running);
 * - `done`: its logout was performed; a copy of it is a retransmission (BCL §2.7: already logged out).
 */
export type ReplayState = 'acquired' | 'in_progress' | 'done';

/**
 * Port: the replay record of used `(iss, jti)` pairs, with two states — in progress (a short lease held by one
 * request) and done (kept until the token expires). Implementations: `MemoryReplayStore`, `RedisReplayStore`
 * (shared by all instances), `TypeOrmReplayStore`. Every method rejects when the store fails.
 */
export interface ReplayStore {
  /**
   * Atomically: when `key` is not recorded, record it as in progress for `owner` until `leaseUntil` (epoch
   * ms) and resolve `acquired`; otherwise resolve its state. Of concurrent callers exactly one acquires.
   */
  acquire(key: ReplayKey, owner: string, leaseUntil: number): Promise<ReplayState>;
  /** The logout of `key` was performed: record it as done until `expiresAt` (epoch ms). */
  complete(key: ReplayKey, expiresAt: number): Promise<void>;
  /**
   * The logout of `key` failed: forget it if `owner` still holds it in progress, so a retransmission (or a
   * waiting duplicate) performs it. A record that is done, or held by another owner, is kept.
   */
  release(key: ReplayKey, owner: string): Promise<void>;
}

/** Injection token of the configured `ReplayStore`. */
export const ReplayStore = Symbol('ReplayStore');

/** `@InjectReplayStore()` injects the configured `ReplayStore`. */
export const InjectReplayStore = (): ParameterDecorator & PropertyDecorator => Inject(ReplayStore);

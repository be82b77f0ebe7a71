import { Inject } from '@nestjs/common';

/** The key of one used Logout Token: `jti` is unique only per issuer (BCL §2.6 step 8). */
export interface ReplayKey {
  readonly iss: string;
  readonly jti: string;
}

/**
 * Port: remembers used `(iss, jti)` pairs until they expire. Implementations: `MemoryReplayStore`,
 * `RedisReplayStore` (shared by all instances), `TypeOrmReplayStore`.
 */
export interface ReplayStore {
  /**
   * Atomically record `key` until `expiresAt` (epoch ms). Resolves true when it was not recorded yet,
   * false when it is a replay. Rejects when the store fails.
   */
  markUsed(key: ReplayKey, expiresAt: number): Promise<boolean>;
  /** Forget `key`, so the OP's retry of a token whose logout failed can succeed. */
  release(key: ReplayKey): Promise<void>;
}

/** Injection token of the configured `ReplayStore`. */
export const ReplayStore = Symbol('ReplayStore');

/** `@InjectReplayStore()` injects the configured `ReplayStore`. */
export const InjectReplayStore = (): ParameterDecorator & PropertyDecorator => Inject(ReplayStore);

import { Inject } from '@nestjs/common';

/**
 * Where an RP stands (issue #9):
 * - `healthy`: delivered normally;
 * - `degraded`: `degradeAfter` consecutive failures; still delivered and retried, but the bounded wait of
 *   RP-Initiated Logout no longer waits for it;
 * - `paused`: `pauseAfter` consecutive failures; its open deliveries are held (status `paused`, never failed)
 *   until a probe sees it answer again or an admin resumes it.
 */
export type RpHealthState = 'healthy' | 'degraded' | 'paused';

/** Every {@link RpHealthState}, in order of severity. */
export const RP_HEALTH_STATES: readonly RpHealthState[] = ['healthy', 'degraded', 'paused'];

/** One RP's health as every process sees it. */
export interface RpHealthRecord {
  readonly clientId: string;
  readonly state: RpHealthState;
  /** When the RP entered `state`. */
  readonly since: Date;
  /** Failed attempts in a row (0 after a success). */
  readonly consecutiveFailures: number;
  /** `errorCode: message` of the latest failure (never a token), or `null`. */
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
}

/**
 * Port: per-RP health, for admin pages and metrics. The provider module provides and exports it.
 *
 * @example
 * constructor(@InjectBackchannelLogoutRpHealth() private readonly health: BackchannelLogoutRpHealth) {}
 * await this.health.resume('rp-1'); // admin "Resume"
 */
export interface BackchannelLogoutRpHealth {
  /** Every RP with a recorded outcome (an RP never seen is `healthy`). */
  list(): Promise<RpHealthRecord[]>;
  /** One RP's health, or `null` when nothing was recorded yet. */
  get(clientId: string): Promise<RpHealthRecord | null>;
  /** Mark the RP healthy and release its paused deliveries; resolves to how many were released. */
  resume(clientId: string): Promise<number>;
}

/** Injection token of the {@link BackchannelLogoutRpHealth} port. */
export const BackchannelLogoutRpHealth = Symbol('BackchannelLogoutRpHealth');

/** `@InjectBackchannelLogoutRpHealth() health: BackchannelLogoutRpHealth` */
export const InjectBackchannelLogoutRpHealth = (): ParameterDecorator =>
  Inject(BackchannelLogoutRpHealth);

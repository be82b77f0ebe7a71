import { BACKCHANNEL_LOGOUT_EVENT_NAMES } from '../logout/logout.events';
import { RpHealthState } from './rp-health.interface';

/** Event name: an RP's health state changed (`BACKCHANNEL_LOGOUT_EVENT_NAMES.rpHealthChanged`). */
export const RP_HEALTH_CHANGED_EVENT = BACKCHANNEL_LOGOUT_EVENT_NAMES.rpHealthChanged;

/**
 * Payload of `BACKCHANNEL_LOGOUT_EVENT_NAMES.rpHealthChanged`.
 *
 * @example
 * \@OnEvent(BACKCHANNEL_LOGOUT_EVENT_NAMES.rpHealthChanged) onRp(e: RpHealthChangedEvent) { if (e.to === 'paused') page(e); }
 */
export class RpHealthChangedEvent {
  constructor(
    readonly clientId: string,
    readonly from: RpHealthState,
    readonly to: RpHealthState,
    /** What moved it: an attempt's outcome, the probe, or an admin. */
    readonly cause: 'outcome' | 'probe' | 'admin',
    /** `errorCode: message` of the latest failure, or `null`. */
    readonly lastError: string | null,
    /** Open deliveries paused (to `paused`) or released (from `paused`) by this change. */
    readonly deliveries: number,
  ) {}
}

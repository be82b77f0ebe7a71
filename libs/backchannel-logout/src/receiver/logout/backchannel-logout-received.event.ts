import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';

/**
 * Emitted as `BACKCHANNEL_LOGOUT_RECEIVED` (when `@nestjs/event-emitter` is installed) after a Logout Token
 * was accepted and its sessions ended, and (with `duplicate: true`) when a retransmission of it was acknowledged. Listeners run after the answer is decided; for clean-up that must
 * succeed before the OP gets its 200, use the `afterLogout` option instead.
 *
 * @example
 * @OnEvent(BACKCHANNEL_LOGOUT_RECEIVED)
 * onLogout(event: BackchannelLogoutReceivedEvent) { audit.log(event.token.sub, event.sessionsEnded); }
 */
export class BackchannelLogoutReceivedEvent {
  constructor(
    /** The verified Logout Token. */
    readonly token: VerifiedLogoutToken,
    /** Local session ids ended now (empty for logout markers). */
    readonly endedSessionIds: readonly string[],
    /** A retransmission of a logout already performed: acknowledged, nothing was done again. */
    readonly duplicate = false,
  ) {}

  /** Number of local sessions ended now. */
  get sessionsEnded(): number {
    return this.endedSessionIds.length;
  }
}

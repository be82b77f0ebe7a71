import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_RECEIVED } from '../receiver.constants';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { ReplayStore, type ReplayKey } from '../replay/replay-store.interface';
import { SessionTerminator } from '../sessions/session-terminator.interface';
import { LogoutTokenVerifier } from '../token/logout-token.verifier';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';
import type { LogoutOutcome } from './after-logout.interface';
import { BackchannelLogoutReceivedEvent } from './backchannel-logout-received.event';
import { DownstreamLogoutPropagator } from './downstream-logout.propagator';
import { ReceiverEventPublisher } from './receiver-event.publisher';

/**
 * Handles one Logout Token end to end: verify (§2.6), reject a replayed `(iss, jti)`, end the sessions
 * (§2.7), run the `afterLogout` hook, propagate downstream, emit `BACKCHANNEL_LOGOUT_RECEIVED`. Every step is
 * awaited; any failure rejects with a `BackchannelLogoutError` (the endpoint answers 400), never a silent success.
 *
 * The `jti` is recorded only once the token fully validates, and released again if ending the sessions (or a
 * later step) fails: the OP may retransmit the same token after such a failure (§2.5), and that retry must be
 * able to succeed. Replaying a token whose logout failed can only redo the logout the OP asked for.
 */
@Injectable()
export class BackchannelLogoutReceiverService {
  private readonly logger = new Logger('BackchannelLogoutReceiver');

  constructor(
    @Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig,
    private readonly verifier: LogoutTokenVerifier,
    @Inject(ReplayStore) private readonly replay: ReplayStore,
    @Inject(SessionTerminator) private readonly terminator: SessionTerminator,
    private readonly downstream: DownstreamLogoutPropagator,
    private readonly events: ReceiverEventPublisher,
  ) {}

  /** Verify a `logout_token` and perform the logout. Resolves with what was done. */
  async handle(logoutToken: string): Promise<LogoutOutcome> {
    const token = await this.verifier.verify(logoutToken);
    const key: ReplayKey = { iss: token.iss, jti: token.jti };
    await this.markUsed(key, token);
    let outcome: LogoutOutcome;
    try {
      outcome = await this.logout(token);
    } catch (err) {
      await this.release(key);
      throw err;
    }
    this.events.publish(
      BACKCHANNEL_LOGOUT_RECEIVED,
      new BackchannelLogoutReceivedEvent(token, outcome.endedSessionIds),
    );
    return outcome;
  }

  private async logout(token: VerifiedLogoutToken): Promise<LogoutOutcome> {
    let endedSessionIds: readonly string[];
    try {
      ({ endedSessionIds } = await this.terminator.terminate(token));
    } catch (cause) {
      if (isBackchannelLogoutError(cause)) throw cause;
      throw BackchannelLogoutError.of('session_termination_failed', undefined, cause);
    }
    const outcome: LogoutOutcome = { token, endedSessionIds };
    if (this.config.options.afterLogout) {
      try {
        await this.config.options.afterLogout(outcome);
      } catch (cause) {
        throw BackchannelLogoutError.of('after_logout_hook_failed', undefined, cause);
      }
    }
    await this.downstream.propagate(token, endedSessionIds);
    return outcome;
  }

  private async markUsed(key: ReplayKey, token: VerifiedLogoutToken): Promise<void> {
    // BCL-R-26: keep the pair until exp + skew, or iat + max age when the OP sent no exp.
    const until =
      (token.exp ?? token.iat + this.config.maxTokenAgeSeconds) + this.config.clockToleranceSeconds;
    let fresh: boolean;
    try {
      fresh = await this.replay.markUsed(key, Math.ceil(until * 1000));
    } catch (cause) {
      throw BackchannelLogoutError.of('replay_store_failed', undefined, cause);
    }
    if (!fresh) throw new BackchannelLogoutError('token_replayed');
  }

  private async release(key: ReplayKey): Promise<void> {
    try {
      await this.replay.release(key);
    } catch (err) {
      // The logout failure is what the OP must hear about; a stuck jti only blocks that token's retry.
      this.logger.error(`Could not release a jti after a failed logout: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

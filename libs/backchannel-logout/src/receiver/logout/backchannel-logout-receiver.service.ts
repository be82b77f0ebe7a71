import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_RECEIVED, RECEIVER_DEFAULTS } from '../receiver.constants';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { ReplayStore, type ReplayKey, type ReplayState } from '../replay/replay-store.interface';
import { SessionTerminator } from '../sessions/session-terminator.interface';
import { LogoutTokenVerifier } from '../token/logout-token.verifier';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';
import type { LogoutOutcome } from './after-logout.interface';
import { BackchannelLogoutReceivedEvent } from './backchannel-logout-received.event';
import { DownstreamLogoutPropagator } from './downstream-logout.propagator';
import { ReceiverEventPublisher } from './receiver-event.publisher';

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

/**
 * Handles one Logout Token end to end: verify (§2.6), claim its `(iss, jti)`, end the sessions (§2.7), run the
 * `afterLogout` hook, propagate downstream, emit `BACKCHANNEL_LOGOUT_RECEIVED`. Every step is awaited; any
 * failure rejects with a `BackchannelLogoutError`, never a silent success.
 *
 * Duplicates (issue #8 contract): the replay record is first in progress (a lease), then done until the token
 * expires. A copy of a token whose logout was performed resolves as a `duplicate` without acting again (§2.7:
 * already logged out is success). A copy that arrives while the first is in progress waits up to
 * `duplicateWaitMs` for its outcome: done → duplicate; released (the first failed) → it performs the logout
 * itself; still running → `duplicate_in_progress` (transient, the OP retries).
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
    const owner = randomUUID();
    if ((await this.claim(key, owner)) === 'done') return this.duplicate(token);
    let outcome: LogoutOutcome;
    try {
      outcome = await this.logout(token);
    } catch (err) {
      await this.release(key, owner);
      throw err;
    }
    await this.complete(key, token);
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
    const outcome: LogoutOutcome = { token, endedSessionIds, duplicate: false };
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

  /** Acquire the token, or wait (bounded) while another request holds it. Resolves `acquired` or `done`. */
  private async claim(key: ReplayKey, owner: string): Promise<Exclude<ReplayState, 'in_progress'>> {
    const deadline = Date.now() + this.config.duplicateWaitMs;
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(2 * pause, MAX_POLL_MS)) {
      const state = await this.acquire(key, owner);
      if (state !== 'in_progress') return state;
      const left = deadline - Date.now();
      if (left <= 0) throw new BackchannelLogoutError('duplicate_in_progress');
      await sleep(Math.min(pause, left));
    }
  }

  private async acquire(key: ReplayKey, owner: string): Promise<ReplayState> {
    try {
      return await this.replay.acquire(key, owner, Date.now() + RECEIVER_DEFAULTS.replayLeaseMs);
    } catch (cause) {
      throw BackchannelLogoutError.of('replay_store_failed', undefined, cause);
    }
  }

  private duplicate(token: VerifiedLogoutToken): LogoutOutcome {
    // A retransmission (e.g. our 200 was lost): acknowledged, never acted on again — so it cannot end a session
    // that began after the original logout.
    this.logger.log(`Acknowledged a duplicate logout_token (already performed) from ${token.iss}`);
    const event = new BackchannelLogoutReceivedEvent(token, [], true);
    this.events.publish(BACKCHANNEL_LOGOUT_RECEIVED, event);
    return { token, endedSessionIds: [], duplicate: true };
  }

  private async complete(key: ReplayKey, token: VerifiedLogoutToken): Promise<void> {
    // §2.3 of the checklist: keep the pair until exp + skew, or iat + max age when the OP sent no exp.
    const until =
      (token.exp ?? token.iat + this.config.maxTokenAgeSeconds) + this.config.clockToleranceSeconds;
    try {
      await this.replay.complete(key, Math.ceil(until * 1000));
    } catch (err) {
      // The logout happened, so the answer is still 200. Until the lease runs out a copy waits; after it, a copy
      // redoes the same logout (the iat guard keeps newer sessions safe).
      this.logger.error(`Could not record a performed logout as done: ${describe(err)}`);
    }
  }

  private async release(key: ReplayKey, owner: string): Promise<void> {
    try {
      await this.replay.release(key, owner);
    } catch (err) {
      // The logout failure is what the OP must hear about; the lease expires on its own.
      this.logger.error(`Could not release a jti after a failed logout: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

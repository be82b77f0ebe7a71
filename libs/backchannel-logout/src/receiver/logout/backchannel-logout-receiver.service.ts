import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_RECEIVED, RECEIVER_DEFAULTS } from '../receiver.constants';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { ReplayStore, type ReplayKey, type ReplayState } from '../replay/replay-store.interface';
import {
  SessionTerminator,
  type SessionTerminationResult,
} from '../sessions/session-terminator.interface';
import { RedisClaimKill } from '../sessions/index/redis-claim-kill.store';
import { LogoutTokenVerifier } from '../token/logout-token.verifier';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';
import type { LogoutOutcome } from './after-logout.interface';
import { BackchannelLogoutReceivedEvent } from './backchannel-logout-received.event';
import { DownstreamLogoutPropagator } from './downstream-logout.propagator';
import { ReceiverEventPublisher } from './receiver-event.publisher';

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

/** What `begin` leaves to `handle` once the token is acquired. */
type Begun =
  | 'done'
  | {
      readonly ended?: SessionTerminationResult;
      readonly mismatch?: true;
      readonly prepared?: unknown;
    };

interface Claim {
  readonly state: Exclude<ReplayState, 'in_progress'>;
  readonly waited: boolean;
}

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
 *
 * The answer does not wait for "done" (issue #10): once the sessions are ended (and the hook and downstream
 * propagation succeeded) `handle` resolves, and the record is marked done with the unlinks right after, in the
 * background; the app's shutdown waits for those writes. Meanwhile the lease keeps the token in progress, so a
 * copy waits for "done" as it would for a running delivery. If the process dies in between, the lease runs out
 * and a copy performs the same logout again (the sessions are already ended; the `iat` guard keeps newer ones).
 */
@Injectable()
export class BackchannelLogoutReceiverService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('BackchannelLogoutReceiver');
  /** "Done" and unlink writes of answered tokens, not yet settled. */
  private readonly completing = new Set<Promise<void>>();

  constructor(
    @Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig,
    private readonly verifier: LogoutTokenVerifier,
    @Inject(ReplayStore) private readonly replay: ReplayStore,
    @Inject(SessionTerminator) private readonly terminator: SessionTerminator,
    private readonly downstream: DownstreamLogoutPropagator,
    private readonly events: ReceiverEventPublisher,
    @Inject(RedisClaimKill) private readonly claimKill: RedisClaimKill | null,
  ) {}

  /** Verify a `logout_token` and perform the logout. Resolves with what was done. */
  async handle(logoutToken: string): Promise<LogoutOutcome> {
    const token = await this.verifier.verify(logoutToken);
    const key: ReplayKey = { iss: token.iss, jti: token.jti };
    const owner = randomUUID();
    const begun = await this.begin(key, owner, token);
    if (begun === 'done') return this.duplicate(token);
    let cleanup: (() => Promise<void>) | undefined;
    let outcome: LogoutOutcome;
    try {
      if (begun.mismatch) throw new BackchannelLogoutError('session_sub_mismatch');
      const ended = begun.ended ?? (await this.terminate(token, begun.prepared));
      cleanup = ended.cleanup;
      outcome = await this.afterTermination(token, ended.endedSessionIds);
    } catch (err) {
      await Promise.all([this.release(key, owner), this.cleanup(cleanup)]);
      throw err;
    }
    // The sessions are ended, so the OP may have its 200 now: marking the token done and unlinking them (one
    // round trip) follow the answer instead of delaying it. Neither rejects (both log their failure).
    this.track(Promise.all([this.complete(key, token), this.cleanup(cleanup)]));
    this.events.publish(
      BACKCHANNEL_LOGOUT_RECEIVED,
      new BackchannelLogoutReceivedEvent(token, outcome.endedSessionIds),
    );
    return outcome;
  }

  /**
   * Resolves once the "done" and unlink writes of every token answered so far have settled. Nest calls it on
   * shutdown, before the stores' connections close; tests call it to observe the final state of the stores.
   */
  async settled(): Promise<void> {
    while (this.completing.size > 0) await Promise.all(this.completing);
  }

  /** Nest's shutdown hook: the answered tokens' "done" records are written before the connections close. */
  beforeApplicationShutdown(): Promise<void> {
    return this.settled();
  }

  private track(writes: Promise<unknown>): void {
    const settled = writes.then(() => undefined);
    this.completing.add(settled);
    void settled.finally(() => this.completing.delete(settled));
  }

  /**
   * Claims the token; resolves `done` for a duplicate. With `RedisClaimKill` the sessions are ended by the same
   * command (`ended`, or `mismatch` when they must not be); otherwise, or when the token was in progress, the
   * lookup goes out with the claim (one round trip for both) and is kept as `prepared` unless the claim had to
   * wait for another delivery (which may have changed the index).
   */
  private async begin(key: ReplayKey, owner: string, token: VerifiedLogoutToken): Promise<Begun> {
    if (this.claimKill) {
      const lease = RECEIVER_DEFAULTS.replayLeaseMs;
      let first;
      try {
        first = await this.claimKill.run(key, owner, lease, token);
      } catch (cause) {
        // A script that failed part-way may hold the lease: let a retransmission in at once.
        await this.release(key, owner);
        throw BackchannelLogoutError.of('replay_store_failed', undefined, cause);
      }
      if (first.state === 'done') return 'done';
      if (first.state === 'acquired') return first;
      // In progress elsewhere: wait for its outcome as usual; the lookup is redone by `terminate`.
      const claim = await this.claim(key, owner);
      return claim.state === 'done' ? 'done' : {};
    }
    const [claim, prepared] = await Promise.all([this.claim(key, owner), this.prepare(token)]);
    if (claim.state === 'done') return 'done';
    return claim.waited ? {} : { prepared };
  }

  private async prepare(token: VerifiedLogoutToken): Promise<unknown> {
    try {
      return await this.terminator.prepare?.(token);
    } catch {
      return undefined; // terminate looks again, and reports the failure if the store is really down
    }
  }

  private async terminate(
    token: VerifiedLogoutToken,
    prepared: unknown,
  ): Promise<SessionTerminationResult> {
    try {
      return await this.terminator.terminate(token, { prepared, deferCleanup: true });
    } catch (cause) {
      if (isBackchannelLogoutError(cause)) throw cause;
      throw BackchannelLogoutError.of('session_termination_failed', undefined, cause);
    }
  }

  private async afterTermination(
    token: VerifiedLogoutToken,
    endedSessionIds: readonly string[],
  ): Promise<LogoutOutcome> {
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

  /**
   * Acquire the token, or wait (bounded) while another request holds it. Resolves `acquired` or `done`, and
   * whether it had to wait.
   */
  private async claim(key: ReplayKey, owner: string): Promise<Claim> {
    const deadline = Date.now() + this.config.duplicateWaitMs;
    for (let pause = FIRST_POLL_MS, waited = false; ; pause = Math.min(2 * pause, MAX_POLL_MS)) {
      const state = await this.acquire(key, owner);
      if (state !== 'in_progress') return { state, waited };
      const left = deadline - Date.now();
      if (left <= 0) throw new BackchannelLogoutError('duplicate_in_progress');
      await sleep(Math.min(pause, left));
      waited = true;
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

  private async cleanup(cleanup: (() => Promise<void>) | undefined): Promise<void> {
    try {
      await cleanup?.();
    } catch (err) {
      // The sessions are destroyed; a link left behind names a session that no longer exists and expires with
      // its ttl (a later logout that finds it destroys nothing).
      this.logger.error(`Could not unlink ended sessions from the index: ${describe(err)}`);
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

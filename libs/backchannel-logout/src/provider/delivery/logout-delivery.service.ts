import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { isBackchannelLogoutError } from '../../common/backchannel-logout.error';
import { parseBackchannelLogoutUri } from '../../common/registration/logout-uri.rules';
import { resolveCheckedTarget } from '../../common/network/target-resolver.util';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { RpHealthService } from '../health/rp-health.service';
import { LogoutTokenFactory } from '../token/logout-token.factory';
import {
  classifyError,
  classifyResponse,
  DeliveryAttemptResult,
  wasUnanswered,
} from './delivery-outcome';
import { DeliveryReporter } from './delivery.reporter';
import { DeliverySlotSemaphore } from './delivery-slot.semaphore';
import { DeliveryRepository, RecordedAttempt } from './delivery.repository';
import { LogoutDeliveryEntity } from './logout-delivery.entity';
import { sendLogoutRequest } from './logout-request.sender';
import { PinnedAgentPool } from './pinned-agent.pool';

/**
 * Issue #8: iat is the logout time on every attempt, so the RP's "authenticated before iat" guard never
 * reaches a session that began after the logout; exp is fresh (signing time + TTL) so a late token verifies.
 */
const issuedAtOf = (row: LogoutDeliveryEntity): number =>
  Math.floor(row.createdAt.getTime() / 1000);

const STATUS_OF = {
  delivered: 'delivered',
  retry: 'retrying',
  final: 'failed',
  unconfirmed: 'unconfirmed',
} as const satisfies Record<DeliveryAttemptResult['kind'], RecordedAttempt['status']>;

/** One delivery attempt: sign, check the target, POST, record the outcome. Knows nothing of Bull. */
@Injectable()
export class LogoutDeliveryService implements OnApplicationShutdown {
  /** Keep-alive connections per RP origin and checked address set, shared by the worker and inline attempts. */
  private readonly agents = new PinnedAgentPool();

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly tokens: LogoutTokenFactory,
    private readonly reporter: DeliveryReporter,
    private readonly health: RpHealthService,
  ) {}

  /**
   * Run one attempt of delivery `id`. `lastAttempt` (or the row's `delivery.attempts`-th attempt) turns a
   * recoverable failure into a final one.
   * Resolves to `null` when there is nothing to do (unknown id, paused, or already final). `fresh`: the row
   * as just written by this process (the inline first attempt), which saves reading it back; `token`: its
   * Logout Token from {@link presign}. Throws `RpBusyError` when the RP holds its share of worker slots
   * (issue #9): nothing was sent. `cut`: aborted when the shutdown gives up on the attempt; it then stops
   * (the request too) and records nothing (`null`). `slots`: the worker's; the attempt holds one from its
   * admission until its outcome is committed (see {@link DeliverySlotSemaphore}).
   */
  async attempt(
    id: string,
    lastAttempt: boolean,
    fresh?: LogoutDeliveryEntity,
    token?: Promise<string>,
    cut?: AbortSignal,
    slots?: DeliverySlotSemaphore,
  ): Promise<DeliveryAttemptResult | null> {
    const row = fresh ?? (await this.deliveries.findAttemptable(id));
    if (!row) return null;
    // Signing (libuv's thread pool) overlaps the wait for a slot and the health read; a token whose RP is
    // paused or busy is dropped unsent, like a presigned one whose attempt never runs.
    const signed = token ?? this.presign(row);
    const slot = await slots?.acquire();
    try {
      const release = await this.health.admit(row.clientId);
      if (!release) return null;
      try {
        return await this.attemptRow(row, lastAttempt, signed, cut);
      } finally {
        release();
      }
    } finally {
      slot?.();
    }
  }

  /**
   * Sign the Logout Token of `row`'s next attempt ahead of it: signing runs on libuv's thread pool, so it can
   * overlap the outbox write. Nothing is sent here; the attempt checks the target before it sends the token,
   * and a token whose attempt never runs is dropped. A failure shows when the attempt awaits it.
   */
  presign(row: LogoutDeliveryEntity): Promise<string> {
    const token = this.sign(row);
    token.catch(() => undefined); // awaited (and classified) by the attempt, if it runs
    return token;
  }

  private sign(row: LogoutDeliveryEntity): Promise<string> {
    // §2.4 / issue decision: the jti is pinned for the delivery's life, so an RP can de-duplicate.
    return this.tokens.sign({
      aud: row.clientId,
      jti: row.jti,
      iat: issuedAtOf(row),
      signedAt: Math.floor(Date.now() / 1000),
      sub: row.sub,
      sid: row.sid,
    });
  }

  private async attemptRow(
    row: LogoutDeliveryEntity,
    lastAttempt: boolean,
    presigned?: Promise<string>,
    cut?: AbortSignal,
  ): Promise<DeliveryAttemptResult | null> {
    const started = Date.now();
    const issuedAt = issuedAtOf(row);
    let outcome: DeliveryAttemptResult;
    try {
      const url = parseBackchannelLogoutUri(row.uri, this.config.targetPolicy);
      const target = await resolveCheckedTarget(url, this.config.targetPolicy);
      const token = await (presigned ?? this.sign(row));
      const { timeoutMs, maxResponseBytes, userAgent } = this.config.delivery;
      if (cut?.aborted) return null;
      const response = await sendLogoutRequest(target, token, {
        timeoutMs,
        maxResponseBytes,
        userAgent,
        allowPrivateNetworks: this.config.targetPolicy.allowPrivateNetworks,
        agents: this.agents,
        signal: cut,
      });
      outcome = classifyResponse(response, {
        previousAttemptUnanswered:
          row.attempts > 0 && wasUnanswered(row.errorCode, row.errorMessage),
      });
    } catch (err) {
      if (!isBackchannelLogoutError(err)) throw err;
      outcome = classifyError(err);
    }
    // Cut at shutdown: nothing is written once the app has stopped waiting (its DataSource and Redis close
    // next); the row stays open and its queued job makes the attempt again (same jti: the RP de-duplicates).
    if (cut?.aborted) return null;
    // `delivery.attempts` bounds the attempts of a delivery, whoever makes them (inline, worker, revived job).
    if (
      outcome.kind === 'retry' &&
      (lastAttempt || row.attempts + 1 >= this.config.delivery.attempts)
    ) {
      outcome = { ...outcome, kind: 'final', message: `${outcome.message} (last attempt)` };
    }
    await this.record(row, outcome, new Date(started), Date.now() - started, issuedAt);
    return outcome;
  }

  onApplicationShutdown(): void {
    this.agents.destroy();
  }

  private async record(
    row: LogoutDeliveryEntity,
    outcome: DeliveryAttemptResult,
    startedAt: Date,
    durationMs: number,
    issuedAt: number,
  ): Promise<void> {
    const attempt = row.attempts + 1;
    const status = STATUS_OF[outcome.kind];
    const delivered = outcome.kind === 'delivered';
    const errorCode = delivered ? null : outcome.code;
    const errorMessage = delivered ? null : outcome.message;
    const written = this.deliveries
      .recordAttempt(row.id, {
        status,
        attempts: attempt,
        httpStatus: outcome.httpStatus,
        errorCode,
        errorMessage,
        tokenIssuedAt: new Date(issuedAt * 1000),
        startedAt,
        durationMs,
      })
      .then(() =>
        // Right after the write: a waiter that sees the row final also sees its metrics and events.
        this.reporter.report(row, {
          attempt,
          httpStatus: outcome.httpStatus,
          durationMs,
          outcome: status,
          errorCode,
          errorMessage,
        }),
      );
    // The RP's health is counted while the row is written (Redis and the database in parallel); a change
    // of its state is acted on after the write and the report, as before.
    await Promise.all([written, this.health.record(row.clientId, row.uri, outcome, written)]);
  }
}

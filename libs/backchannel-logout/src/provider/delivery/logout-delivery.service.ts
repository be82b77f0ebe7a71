import { deliveryEventFields } from './delivery-event-fields.util';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { isBackchannelLogoutError } from '../../common/backchannel-logout.error';
import { parseBackchannelLogoutUri } from '../../common/registration/logout-uri.rules';
import { resolveCheckedTarget } from '../../common/network/target-resolver.util';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE } from '../backchannel-logout.tokens';
import { LogoutTokenFactory } from '../token/logout-token.factory';
import { AttemptOutcome, classifyError, classifyResponse } from './delivery-outcome';
import { DeliveryEvents } from './delivery.events';
import { LogoutDeliveryEntity, TERMINAL_DELIVERY_STATUSES } from './logout-delivery.entity';
import { sendLogoutRequest } from './logout-request.sender';

/** One delivery attempt: sign, check the target, POST, record the outcome. Knows nothing of Bull. */
@Injectable()
export class LogoutDeliveryService {
  private readonly deliveries: Repository<LogoutDeliveryEntity>;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_DATA_SOURCE) dataSource: DataSource,
    private readonly tokens: LogoutTokenFactory,
    private readonly events: DeliveryEvents,
  ) {
    this.deliveries = dataSource.getRepository(LogoutDeliveryEntity);
  }

  /**
   * Run one attempt of delivery `id`. `lastAttempt` turns a recoverable failure into a final one.
   * Resolves to `null` when there is nothing to do (unknown id, or already delivered/failed).
   */
  async attempt(id: string, lastAttempt: boolean): Promise<AttemptOutcome | null> {
    const row = await this.deliveries.findOneBy({ id });
    if (!row || TERMINAL_DELIVERY_STATUSES.includes(row.status)) return null;
    const started = Date.now();
    const issuedAt = this.issuedAt(row, started);
    let outcome: AttemptOutcome;
    try {
      const url = parseBackchannelLogoutUri(row.uri, this.config.targetPolicy);
      const target = await resolveCheckedTarget(url, this.config.targetPolicy);
      // §2.4 / issue decision: the jti is pinned for the delivery's life, so an RP can de-duplicate.
      const token = await this.tokens.sign({
        aud: row.clientId,
        jti: row.jti,
        iat: issuedAt,
        sub: row.sub,
        sid: row.sid,
      });
      const { timeoutMs, maxResponseBytes, userAgent } = this.config.delivery;
      const response = await sendLogoutRequest(target, token, {
        timeoutMs,
        maxResponseBytes,
        userAgent,
        allowPrivateNetworks: this.config.targetPolicy.allowPrivateNetworks,
      });
      outcome = classifyResponse(response);
    } catch (err) {
      if (!isBackchannelLogoutError(err)) throw err;
      outcome = classifyError(err);
    }
    if (outcome.kind === 'retry' && lastAttempt) {
      outcome = { ...outcome, kind: 'final', message: `${outcome.message} (last attempt)` };
    }
    await this.record(row, outcome, new Date(started), Date.now() - started, issuedAt);
    return outcome;
  }

  /**
   * The pinned `iat`, unless the token it gives would be expired (or nearly) by now: then a fresh `iat`
   * (same `jti`), so a strict RP still accepts the retry.
   */
  private issuedAt(row: LogoutDeliveryEntity, nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    if (!row.tokenIssuedAt) return now;
    const pinned = Math.floor(row.tokenIssuedAt.getTime() / 1000);
    const ttl = this.config.logoutTokenTtlSeconds;
    const margin = Math.min(5, Math.floor(ttl / 4));
    return pinned + ttl - margin <= now ? now : pinned;
  }

  private async record(
    row: LogoutDeliveryEntity,
    outcome: AttemptOutcome,
    startedAt: Date,
    durationMs: number,
    issuedAt: number,
  ): Promise<void> {
    const now = new Date();
    const attempt = row.attempts + 1;
    const delivered = outcome.kind === 'delivered';
    await this.deliveries.update(
      { id: row.id },
      {
        status: delivered ? 'delivered' : outcome.kind === 'retry' ? 'retrying' : 'failed',
        attempts: attempt,
        lastHttpStatus: outcome.httpStatus,
        errorCode: delivered ? null : outcome.code,
        errorMessage: delivered ? null : outcome.message,
        tokenIssuedAt: new Date(issuedAt * 1000),
        lastAttemptAt: startedAt,
        deliveredAt: delivered ? now : null,
        durationMs,
        updatedAt: now,
      },
    );
    const fields = deliveryEventFields(row, {
      attempt,
      httpStatus: outcome.httpStatus,
      durationMs,
    });
    if (delivered) this.events.succeeded(fields, row.createdAt);
    else
      this.events.failed(
        fields,
        outcome.code,
        outcome.message,
        outcome.kind === 'final',
        row.createdAt,
      );
  }
}

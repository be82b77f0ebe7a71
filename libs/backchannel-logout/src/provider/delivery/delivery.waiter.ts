import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { LogoutWaitResult, WaitForDeliveriesOptions } from '../logout/logout-result.interface';
import { toDeliverySummary } from './delivery-query.util';
import { DeliveryQueueGateway } from './delivery-queue.gateway';
import { DeliveryNotifier } from './delivery.notifier';
import { DeliveryRepository } from './delivery.repository';
import { InlineDeliveryDispatcher } from './inline-delivery.dispatcher';
import { LogoutDeliveryEntity, TERMINAL_DELIVERY_STATUSES } from './logout-delivery.entity';
import { RpHealthService } from '../health/rp-health.service';

const MAX_GAP_MS = 50;
const GAP_PER_OPEN_DELIVERY_MS = 2;
/** Up to this many open deliveries, an own (local) outcome re-counts at once: inline outcomes come within ms. */
const SMALL_FANOUT = 16;

const isFinal = (row: LogoutDeliveryEntity): boolean =>
  TERMINAL_DELIVERY_STATUSES.includes(row.status);

/**
 * Bounded wait on the deliveries of one logout. Works whichever process runs the worker: it re-reads the
 * audit rows every `waitPollIntervalMs`, and wakes early on local outcomes and on Bull's global events.
 * When this process attempts them inline, it first waits for those attempts themselves (no query meanwhile).
 */
@Injectable()
export class DeliveryWaiter implements OnModuleDestroy {
  private listening = false;
  private readonly wake = (): void => this.notifier.notify('*');

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueueGateway,
    private readonly notifier: DeliveryNotifier,
    private readonly health: RpHealthService,
    private readonly inline: InlineDeliveryDispatcher,
  ) {}

  async wait(
    logoutId: string,
    timeoutMs: number,
    options: WaitForDeliveriesOptions = {},
  ): Promise<LogoutWaitResult> {
    this.listen();
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Issue #9: degraded and paused RPs are not waited for; their deliveries stay queued and retried.
    const unhealthy = () =>
      options.includeUnhealthyRps ? Promise.resolve([]) : this.health.unhealthyClients();
    // The inline attempts are open until they end: wait for them in-process, then let the rows decide.
    const inline = this.inline.settled(logoutId, await unhealthy());
    await this.until(inline, deadline);
    if (inline) {
      // Usually every row is final now (all of them were attempted here): one read of the rows, no COUNT.
      const skipped = await unhealthy();
      const rows = await this.deliveries.findByLogout(logoutId);
      if (rows.every((r) => isFinal(r) || skipped.includes(r.clientId)))
        return this.summary(logoutId, rows, skipped.length === 0);
    }
    // Wake-ups come per delivery (1 000 RPs = 2 000 of them): re-check with a COUNT on the logout_id index,
    // at most every 2 ms per delivery still open (capped at 50 ms), so a large fan-out is not re-counted on
    // every outcome while the last few deliveries of a small one are seen at once; load the rows once at the end.
    for (;;) {
      const checkedAt = Date.now();
      const seen = this.notifier.seen();
      const skipped = await unhealthy();
      const open = await this.deliveries.countOpen(logoutId, skipped);
      if (open === 0 || Date.now() >= deadline) {
        return this.result(logoutId, open === 0 && skipped.length === 0);
      }
      const own = await this.notifier.next(
        logoutId,
        Math.min(deadline - Date.now(), this.config.waitPollIntervalMs),
        seen,
      );
      const minGap =
        own && open <= SMALL_FANOUT ? 0 : Math.min(MAX_GAP_MS, open * GAP_PER_OPEN_DELIVERY_MS);
      const gap = Math.min(minGap - (Date.now() - checkedAt), deadline - Date.now());
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
  }

  /** `settled`, or the deadline, whichever comes first. */
  private async until(settled: Promise<void> | null, deadline: number): Promise<void> {
    if (!settled) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    });
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
  }

  private async result(logoutId: string, settledBefore: boolean): Promise<LogoutWaitResult> {
    return this.summary(logoutId, await this.deliveries.findByLogout(logoutId), settledBefore);
  }

  private summary(
    logoutId: string,
    rows: LogoutDeliveryEntity[],
    settledBefore: boolean,
  ): LogoutWaitResult {
    return {
      logoutId,
      settled: settledBefore || rows.every(isFinal),
      deliveries: rows.map(toDeliverySummary),
    };
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.queue.onSettled(this.wake);
  }

  onModuleDestroy(): void {
    if (!this.listening) return;
    this.queue.offSettled(this.wake);
  }
}

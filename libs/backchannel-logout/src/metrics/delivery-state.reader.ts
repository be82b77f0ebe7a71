import { readWithin } from './collect-timeout.util';
import type {
  BackchannelLogoutDeliveryState,
  DeliveryQueueDepth,
  OpenDeliveries,
} from '../provider/delivery/delivery-state.interface';

/** What a scrape reports about the provider's queue and outbox (`null`: unavailable right now). */
export interface DeliveryStateSnapshot {
  readonly queue: {
    readonly counts: DeliveryQueueDepth['counts'];
    /** Seconds since the job at the head of the wait list was created (0 when none waits). */
    readonly oldestWaitingAgeSeconds: number;
  } | null;
  readonly outbox: {
    readonly counts: OpenDeliveries['counts'];
    /** Seconds since the oldest `pending` row (not yet accepted by Redis) was written (0 when none). */
    readonly oldestPendingAgeSeconds: number;
  } | null;
}

/**
 * Reads the provider's delivery state (through the port the provider module exports) once per scrape: the
 * gauges share one read (prom-client collects them concurrently). A Redis or database that does not answer
 * within the timeout is reported as unavailable instead of holding the scrape.
 */
export class DeliveryStateReader {
  private inFlight: Promise<DeliveryStateSnapshot> | null = null;

  constructor(
    private readonly state: BackchannelLogoutDeliveryState,
    private readonly timeoutMs: number,
  ) {}

  /** One read shared by every gauge collected while it runs. */
  read(): Promise<DeliveryStateSnapshot> {
    this.inFlight ??= Promise.all([this.readQueue(), this.readOutbox()])
      .then(([queue, outbox]) => ({ queue, outbox }))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async readQueue(): Promise<DeliveryStateSnapshot['queue']> {
    const depth = await readWithin(() => this.state.readQueue(), this.timeoutMs);
    if (!depth) return null;
    return {
      counts: depth.counts,
      oldestWaitingAgeSeconds:
        depth.oldestWaitingAt === null ? 0 : ageSeconds(depth.oldestWaitingAt),
    };
  }

  private async readOutbox(): Promise<DeliveryStateSnapshot['outbox']> {
    const open = await readWithin(() => this.state.readOpenDeliveries(), this.timeoutMs);
    if (!open) return null;
    return {
      counts: open.counts,
      oldestPendingAgeSeconds: open.oldestPendingAt
        ? ageSeconds(open.oldestPendingAt.getTime())
        : 0,
    };
  }
}

function ageSeconds(sinceMs: number): number {
  return Math.max(0, (Date.now() - sinceMs) / 1000);
}

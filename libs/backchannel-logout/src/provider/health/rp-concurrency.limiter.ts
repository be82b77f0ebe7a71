import { Injectable } from '@nestjs/common';

/**
 * Attempts in flight per RP in this process: one RP can never hold more than its share of the worker's
 * slots, so a hung RP with many deliveries cannot starve the others (issue #9).
 */
@Injectable()
export class RpConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();

  /** A release function, or `null` when `clientId` already has `limit` attempts in flight. */
  tryAcquire(clientId: string, limit: number): (() => void) | null {
    const current = this.inFlight.get(clientId) ?? 0;
    if (current >= limit) return null;
    this.inFlight.set(clientId, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(clientId) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(clientId);
      else this.inFlight.set(clientId, left);
    };
  }

  /** Attempts of `clientId` in flight now. */
  count(clientId: string): number {
    return this.inFlight.get(clientId) ?? 0;
  }
}

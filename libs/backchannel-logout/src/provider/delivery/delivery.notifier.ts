import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** In-process wake-up signal for waiters when a delivery of a logout reaches a new state. */
@Injectable()
export class DeliveryNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private sequence = 0;

  /** Counts notifications: pass it to {@link next} to not miss one that came while you were looking. */
  seen(): number {
    return this.sequence;
  }

  /** Something about `logoutId` changed (`'*'`: something changed, re-check everything). */
  notify(logoutId: string): void {
    this.sequence += 1;
    this.emitter.emit(logoutId);
    this.emitter.emit('*');
  }

  /**
   * Resolves at the next notification for `logoutId` (or any), or after `ms`; at once if there was any
   * notification since `since` (a {@link seen} value). Resolves to `true` when the wake-up may be about
   * `logoutId` itself (its own notification, or one missed since `since`), `false` otherwise.
   */
  next(logoutId: string, ms: number, since?: number): Promise<boolean> {
    if (since !== undefined && since !== this.sequence) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (own: boolean): void => {
        clearTimeout(timer);
        this.emitter.off(logoutId, onOwn);
        this.emitter.off('*', onAny);
        resolve(own);
      };
      const onOwn = (): void => done(true);
      const onAny = (): void => done(false);
      const timer = setTimeout(onAny, ms);
      this.emitter.once(logoutId, onOwn);
      this.emitter.once('*', onAny);
    });
  }
}

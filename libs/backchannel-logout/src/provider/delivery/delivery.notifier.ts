import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** In-process wake-up signal for waiters when a delivery of a logout reaches a new state. */
@Injectable()
export class DeliveryNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** Something about `logoutId` changed (`'*'`: something changed, re-check everything). */
  notify(logoutId: string): void {
    this.emitter.emit(logoutId);
    this.emitter.emit('*');
  }

  /** Resolves at the next notification for `logoutId` (or any), or after `ms`. */
  next(logoutId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.emitter.off(logoutId, done);
        this.emitter.off('*', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.emitter.once(logoutId, done);
      this.emitter.once('*', done);
    });
  }
}

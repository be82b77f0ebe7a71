import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

interface Emitter {
  emit(event: string, ...values: unknown[]): boolean;
}

/**
 * Emits through the application's `EventEmitter2` when there is one. `@nestjs/event-emitter` is an optional
 * peer: it is required lazily, on the first event, and a missing package or module just means no event.
 */
@Injectable()
export class ReceiverEventPublisher {
  private emitter: Emitter | null | undefined;
  private readonly logger = new Logger('BackchannelLogoutReceiver');

  constructor(private readonly moduleRef: ModuleRef) {}

  publish(name: string, payload: unknown): void {
    this.emitter ??= this.findEmitter();
    try {
      this.emitter?.emit(name, payload);
    } catch (err) {
      // The logout already succeeded; a throwing listener must not turn it into a 400.
      this.logger.error(
        `A ${name} listener failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private findEmitter(): Emitter | null {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded lazily
      const { EventEmitter2 } = require('@nestjs/event-emitter') as {
        EventEmitter2: new () => Emitter;
      };
      return this.moduleRef.get(EventEmitter2, { strict: false });
    } catch {
      return null;
    }
  }
}

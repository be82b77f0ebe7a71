import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BCL_EVENT_EMITTER,
  BclEventEmitter,
} from '../../common/events/optional-event-emitter.provider';

/** Emits through the application's `EventEmitter2` when there is one (`@nestjs/event-emitter` is optional). */
@Injectable()
export class ReceiverEventPublisher {
  private readonly logger = new Logger('BackchannelLogoutReceiver');

  constructor(@Inject(BCL_EVENT_EMITTER) private readonly emitter: BclEventEmitter | null) {}

  publish(name: string, payload: unknown): void {
    try {
      this.emitter?.emit(name, payload);
    } catch (err) {
      // The logout already succeeded; a throwing listener must not turn it into a 400.
      this.logger.error(
        `A ${name} listener failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}

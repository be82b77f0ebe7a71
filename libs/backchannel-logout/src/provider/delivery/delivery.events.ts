import { Inject, Injectable, Logger } from '@nestjs/common';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { BCL_EVENT_EMITTER, BclEventEmitter } from '../backchannel-logout.tokens';
import {
  BACKCHANNEL_LOGOUT_EVENTS,
  LogoutDeliveryEventFields,
  LogoutDeliveryFailedEvent,
  LogoutDeliverySucceededEvent,
} from '../logout/logout.events';
import { DeliveryNotifier } from './delivery.notifier';

/** Tells the host (event emitter, if any) and local waiters about delivery outcomes. */
@Injectable()
export class DeliveryEvents {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BCL_EVENT_EMITTER) private readonly emitter: BclEventEmitter | null,
    private readonly notifier: DeliveryNotifier,
  ) {}

  succeeded(fields: LogoutDeliveryEventFields): void {
    this.emit(
      BACKCHANNEL_LOGOUT_EVENTS.deliverySucceeded,
      new LogoutDeliverySucceededEvent(fields),
    );
    this.notifier.notify(fields.logoutId);
  }

  failed(
    fields: LogoutDeliveryEventFields,
    code: BackchannelLogoutErrorCode,
    message: string,
    final: boolean,
  ): void {
    this.emit(
      BACKCHANNEL_LOGOUT_EVENTS.deliveryFailed,
      new LogoutDeliveryFailedEvent(fields, code, message, final),
    );
    this.notifier.notify(fields.logoutId);
  }

  private emit(name: string, payload: unknown): void {
    try {
      this.emitter?.emit(name, payload);
    } catch (err) {
      // A host listener that throws must not turn a recorded outcome into a failed job.
      this.logger.error(`listener of ${name} threw: ${(err as Error).message}`);
    }
  }
}

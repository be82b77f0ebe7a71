import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import {
  BackchannelLogoutObserver,
  DeliveryAttemptOutcome,
  notifyObserver,
} from '../../common/observability/backchannel-logout-observer.interface';
import {
  BCL_EVENT_EMITTER,
  BclEventEmitter,
} from '../../common/events/optional-event-emitter.provider';
import {
  BACKCHANNEL_LOGOUT_EVENTS,
  LogoutDeliveryEventFields,
  LogoutDeliveryFailedEvent,
  LogoutDeliverySucceededEvent,
} from '../logout/logout.events';
import { DeliveryNotifier } from './delivery.notifier';

/**
 * The one place a delivery outcome is announced: a structured log line (jti, client, outcome — never the
 * token), the host's events (if any), the observer (metrics, if any) and local waiters.
 */
@Injectable()
export class DeliveryEvents {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BCL_EVENT_EMITTER) private readonly emitter: BclEventEmitter | null,
    private readonly notifier: DeliveryNotifier,
    @Optional()
    @Inject(BackchannelLogoutObserver)
    private readonly observer: BackchannelLogoutObserver | null = null,
  ) {}

  succeeded(fields: LogoutDeliveryEventFields, createdAt: Date): void {
    this.report(fields, createdAt, 'delivered', null, null);
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
    createdAt: Date,
  ): void {
    this.report(fields, createdAt, final ? 'failed' : 'retrying', code, message);
    this.emit(
      BACKCHANNEL_LOGOUT_EVENTS.deliveryFailed,
      new LogoutDeliveryFailedEvent(fields, code, message, final),
    );
    this.notifier.notify(fields.logoutId);
  }

  private report(
    fields: LogoutDeliveryEventFields,
    createdAt: Date,
    outcome: DeliveryAttemptOutcome,
    errorCode: BackchannelLogoutErrorCode | null,
    error: string | null,
  ): void {
    const { deliveryId, logoutId, clientId, jti, attempt, httpStatus, durationMs } = fields;
    // An object, so a JSON logger (`new ConsoleLogger({ json: true })`) writes searchable fields.
    const line = {
      event: 'backchannel_logout.delivery',
      outcome,
      jti,
      clientId,
      attempt,
      httpStatus,
      durationMs,
      deliveryId,
      logoutId,
      ...(errorCode ? { errorCode, error } : {}),
    };
    if (outcome === 'delivered') this.logger.log(line);
    else if (outcome === 'retrying') this.logger.warn(line);
    else this.logger.error(line);

    notifyObserver(
      this.observer,
      'deliveryAttempted',
      {
        deliveryId,
        logoutId,
        clientId,
        jti,
        attempt,
        outcome,
        errorCode,
        httpStatus,
        durationMs,
        createdAt,
      },
      this.logger,
    );
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

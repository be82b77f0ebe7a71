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
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** One attempt on a row, as reported (identifiers only, never the token). */
export interface ReportedAttempt {
  /** 1-based over the delivery's life; `0` when nothing could be sent. */
  readonly attempt: number;
  readonly httpStatus: number | null;
  readonly durationMs: number;
  readonly outcome: DeliveryAttemptOutcome;
  /** `null` when delivered. */
  readonly errorCode: BackchannelLogoutErrorCode | null;
  readonly errorMessage: string | null;
}

/**
 * The one place a delivery outcome is announced: a structured log line (jti, client, outcome — never the
 * token), the host's events (if any), the observer (metrics, if any) and local waiters.
 */
@Injectable()
export class DeliveryReporter {
  private readonly logger = new Logger('BackchannelLogout');

  constructor(
    @Inject(BCL_EVENT_EMITTER) private readonly emitter: BclEventEmitter | null,
    private readonly notifier: DeliveryNotifier,
    @Optional()
    @Inject(BackchannelLogoutObserver)
    private readonly observer: BackchannelLogoutObserver | null = null,
  ) {}

  /** Announce one attempt's outcome on `row` (the row as it was before the attempt). */
  report(row: LogoutDeliveryEntity, a: ReportedAttempt): void {
    const fields: LogoutDeliveryEventFields = {
      deliveryId: row.id,
      logoutId: row.logoutId,
      clientId: row.clientId,
      jti: row.jti,
      sub: row.sub,
      sid: row.sid,
      attempt: a.attempt,
      httpStatus: a.httpStatus,
      durationMs: a.durationMs,
    };
    this.log(fields, a);
    notifyObserver(
      this.observer,
      'deliveryAttempted',
      {
        deliveryId: row.id,
        logoutId: row.logoutId,
        clientId: row.clientId,
        jti: row.jti,
        attempt: a.attempt,
        outcome: a.outcome,
        errorCode: a.errorCode,
        httpStatus: a.httpStatus,
        durationMs: a.durationMs,
        createdAt: row.createdAt,
      },
      this.logger,
    );
    if (a.outcome === 'delivered') {
      this.emit(
        BACKCHANNEL_LOGOUT_EVENTS.deliverySucceeded,
        new LogoutDeliverySucceededEvent(fields),
      );
    } else {
      this.emit(
        BACKCHANNEL_LOGOUT_EVENTS.deliveryFailed,
        new LogoutDeliveryFailedEvent(
          fields,
          a.errorCode!,
          a.errorMessage ?? '',
          a.outcome !== 'retrying',
        ),
      );
    }
    this.notifier.notify(row.logoutId);
  }

  private log(fields: LogoutDeliveryEventFields, a: ReportedAttempt): void {
    const { deliveryId, logoutId, clientId, jti, attempt, httpStatus, durationMs } = fields;
    // An object, so a JSON logger (`new ConsoleLogger({ json: true })`) writes searchable fields.
    const line = {
      event: 'backchannel_logout.delivery',
      outcome: a.outcome,
      jti,
      clientId,
      attempt,
      httpStatus,
      durationMs,
      deliveryId,
      logoutId,
      ...(a.errorCode ? { errorCode: a.errorCode, error: a.errorMessage } : {}),
    };
    if (a.outcome === 'failed') this.logger.error(line);
    else if (a.outcome === 'delivered') this.logger.log(line);
    else this.logger.warn(line);
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

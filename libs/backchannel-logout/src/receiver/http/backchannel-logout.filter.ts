import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import type { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { failureAnswer } from './failure-answer.util';
import {
  BackchannelLogoutObserver,
  notifyObserver,
} from '../../common/observability/backchannel-logout-observer.interface';

/** Failures of the receiver's own infrastructure: logged as errors (with their cause), not as bad tokens. */
const SERVER_SIDE: ReadonlySet<BackchannelLogoutErrorCode> = new Set<BackchannelLogoutErrorCode>([
  'session_termination_failed',
  'replay_store_failed',
  'after_logout_hook_failed',
  'downstream_logout_failed',
  'jwks_unavailable',
  'issuer_metadata_unavailable',
]);

/**
 * The HTTP edge of the receiver (BCL §2.8): a refused token is a 400
 * `{"error":"invalid_request","error_description":"<message> (<code>)"}`, a non-POST a 405; the receiver's
 * own transient faults are `transientFailureStatus` (503 by default) `temporarily_unavailable` with
 * `Retry-After` (see `failureAnswer`). Always `Cache-Control: no-store`; the token is never echoed or logged.
 */
@Catch()
export class BackchannelLogoutExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('BackchannelLogoutReceiver');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional()
    @Inject(BackchannelLogoutObserver)
    private readonly observer: BackchannelLogoutObserver | null = null,
    @Optional()
    @Inject(RECEIVER_CONFIG)
    private readonly config: ResolvedReceiverConfig | null = null,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response: unknown = host.switchToHttp().getResponse();
    const error = isBackchannelLogoutError(exception)
      ? exception
      : BackchannelLogoutError.of('receiver_internal_error', undefined, exception);
    this.log(error);
    notifyObserver(
      this.observer,
      'logoutTokenReceived',
      { outcome: 'rejected', errorCode: error.code, sessionsEnded: 0 },
      this.logger,
    );
    const answer = failureAnswer(error, this.config);
    // Through Nest's adapter, so the same answer goes out on Express and on Fastify.
    const http = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(answer.headers))
      http.setHeader(response, name, value);
    http.reply(response, answer.body, answer.status);
  }

  private log(error: BackchannelLogoutError): void {
    const cause = error.cause;
    if (error.code === 'receiver_internal_error' || SERVER_SIDE.has(error.code)) {
      const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : typeof cause;
      this.logger.error(
        `Back-channel logout failed [${error.code}] ${error.message}: ${reason}`,
        cause instanceof Error ? cause.stack : undefined,
      );
    } else {
      this.logger.warn(`Refused a back-channel logout request [${error.code}] ${error.message}`);
    }
  }
}

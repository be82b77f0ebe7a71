import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpStatus,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import type { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
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
 * The HTTP edge of the receiver (BCL §2.8): every failure is a 400 — bad token, replay, unknown issuer and a
 * failure to end the sessions alike; a non-POST is a 405. Never a 5xx. The body is
 * `{"error":"invalid_request","error_description":"<message> (<code>)"}` with `Cache-Control: no-store`;
 * the token itself is never echoed or logged.
 */
@Catch()
export class BackchannelLogoutExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('BackchannelLogoutReceiver');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional()
    @Inject(BackchannelLogoutObserver)
    private readonly observer: BackchannelLogoutObserver | null = null,
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
    const methodNotAllowed = error.code === 'request_method_not_allowed';
    // Through Nest's adapter, so the same answer goes out on Express and on Fastify.
    const http = this.adapterHost.httpAdapter;
    if (methodNotAllowed) http.setHeader(response, 'Allow', 'POST');
    http.setHeader(response, 'Cache-Control', 'no-store');
    http.reply(
      response,
      { error: 'invalid_request', error_description: describe(error) },
      methodNotAllowed ? HttpStatus.METHOD_NOT_ALLOWED : HttpStatus.BAD_REQUEST,
    );
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

/** RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
function describe(error: BackchannelLogoutError): string {
  return `${error.message} (${error.code})`.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}

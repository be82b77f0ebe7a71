import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AdminSignInRequired } from '../admin/admin-auth.guard';
import { OAuthError } from '../oidc/oauth.error';
import { sendHtml } from './html-response';
import { messagePage } from './layout.view';
import { RepeatedParameterError } from './request-params';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  429: 'Too many requests',
};

function messageOf(body: object, fallback: string): string {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return fallback;
}

/**
 * The HTTP edge: OAuth errors become `{error, error_description}` JSON with `no-store`; every other
 * error becomes an HTML page (the provider's browser-facing routes). Unexpected errors are logged
 * and shown without internals.
 */
@Catch()
export class ProviderExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Provider');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof AdminSignInRequired) {
      res.set('Cache-Control', 'no-store').redirect(303, '/admin/login');
      return;
    }
    if (exception instanceof RepeatedParameterError) {
      exception = OAuthError.invalidRequest(exception.message);
    }
    if (exception instanceof OAuthError) {
      res
        .status(exception.status)
        .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...exception.headers })
        .json({ error: exception.error, error_description: exception.description });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : messageOf(body, exception.message);
      sendHtml(res, messagePage(TITLES[status] ?? 'Error', message), status);
      return;
    }
    if (isClientHttpError(exception)) {
      // body-parser's refusals (too large, too many parameters, bad charset): the client's mistake.
      sendHtml(
        res,
        messagePage(TITLES[exception.status] ?? 'Bad request', exception.message),
        exception.status,
      );
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : exception,
    );
    sendHtml(
      res,
      messagePage('Something went wrong', 'The provider could not complete this request.'),
      500,
    );
  }
}

/** An `http-errors` error meant for the client (`expose`), as Express's body parsers throw them. */
function isClientHttpError(e: unknown): e is Error & { status: number } {
  const { status, expose } = e as { status?: unknown; expose?: unknown };
  return (
    e instanceof Error &&
    expose === true &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

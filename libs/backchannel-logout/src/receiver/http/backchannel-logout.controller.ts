import {
  All,
  applyDecorators,
  Controller,
  Header,
  HttpCode,
  Inject,
  Logger,
  Optional,
  Req,
  Type,
  UseFilters,
} from '@nestjs/common';
import {
  BackchannelLogoutObserver,
  notifyObserver,
} from '../../common/observability/backchannel-logout-observer.interface';
import { BackchannelLogoutReceiverService } from '../logout/backchannel-logout-receiver.service';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { BackchannelLogoutExceptionFilter } from './backchannel-logout.filter';
import { readLogoutToken } from './logout-request.reader';

const logger = new Logger('BackchannelLogoutReceiver');

/**
 * Nest reads a controller's path when the class is decorated, so each `forRoot` defines its own controller
 * class with the configured path — decorated once, at definition time; no metadata is rewritten afterwards.
 * It needs no cookie, session or CSRF token: the signed Logout Token authenticates the request (BCL §4).
 */
export function createBackchannelLogoutController(
  path: string,
  decorators: readonly ClassDecorator[] = [],
): Type<unknown> {
  @Controller(path)
  @UseFilters(BackchannelLogoutExceptionFilter)
  @applyDecorators(...decorators)
  class BackchannelLogoutController {
    constructor(
      @Inject(BackchannelLogoutReceiverService)
      private readonly receiver: BackchannelLogoutReceiverService,
      @Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig,
      @Optional()
      @Inject(BackchannelLogoutObserver)
      private readonly observer: BackchannelLogoutObserver | null = null,
    ) {}

    /**
     * BCL §2.5/§2.8: a form POST with one `logout_token`; 200 with `Cache-Control: no-store` on success.
     * Every method is routed here and the reader answers anything but POST with 405 (BCL-R-01): Fastify
     * refuses a catch-all route next to a POST route on the same path. The request is Express's or Fastify's.
     */
    @All()
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    async logout(@Req() req: unknown): Promise<void> {
      const token = await readLogoutToken(req, this.config.maxBodyBytes);
      const { endedSessionIds } = await this.receiver.handle(token);
      // Refusals are observed by the exception filter, which sees every one of them. The logout happened:
      // notifyObserver keeps an observer's failure from turning it into a 400.
      notifyObserver(
        this.observer,
        'logoutTokenReceived',
        { outcome: 'accepted', errorCode: null, sessionsEnded: endedSessionIds.length },
        logger,
      );
    }
  }
  return BackchannelLogoutController;
}

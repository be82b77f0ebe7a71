import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  BCL_EVENT_EMITTER,
  BclEventEmitter,
} from '../../common/events/optional-event-emitter.provider';
import { BackchannelLogoutService } from './backchannel-logout.service';
import {
  BACKCHANNEL_LOGOUT_EVENTS,
  IdTokenIssuedEvent,
  LogoutSessionEvent,
  LogoutUserEvent,
} from './logout.events';

/**
 * Subscribes the service to the host's events when `@nestjs/event-emitter` is in use. A handler returns the
 * call's promise (so `emitAsync` callers get the result) but never rejects: a failure is logged instead of
 * becoming an unhandled rejection in the host.
 */
@Injectable()
export class LogoutEventsListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly handlers: Array<[string, (payload: never) => Promise<unknown>]> = [
    [
      BACKCHANNEL_LOGOUT_EVENTS.sessionEnded,
      (e: LogoutSessionEvent) => this.safely('session logout', () => this.service.logoutSession(e)),
    ],
    [
      BACKCHANNEL_LOGOUT_EVENTS.userLoggedOut,
      (e: LogoutUserEvent) => this.safely('user logout', () => this.service.logoutUser(e)),
    ],
    [
      BACKCHANNEL_LOGOUT_EVENTS.idTokenIssued,
      (e: IdTokenIssuedEvent) =>
        this.safely('session record', () => this.service.recordIdTokenIssued(e)),
    ],
  ];

  constructor(
    @Inject(BCL_EVENT_EMITTER) private readonly emitter: BclEventEmitter | null,
    private readonly service: BackchannelLogoutService,
  ) {}

  onModuleInit(): void {
    for (const [name, handler] of this.handlers) this.emitter?.on(name, handler);
  }

  onModuleDestroy(): void {
    for (const [name, handler] of this.handlers) this.emitter?.off(name, handler);
  }

  private async safely<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      this.logger.error(
        `${what} from event failed: ${(err as Error).message}`,
        (err as Error).stack,
      );
      return undefined;
    }
  }
}

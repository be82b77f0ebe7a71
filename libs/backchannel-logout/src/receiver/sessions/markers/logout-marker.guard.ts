import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BACKCHANNEL_LOGOUT_MESSAGES } from '../../../common/backchannel-logout.messages';
import { LogoutMarkerService } from './logout-marker.service';

/**
 * Refuses (401) a request whose stateless session was ended by a Logout Token. Anonymous requests pass.
 *
 * @example
 * @UseGuards(LogoutMarkerGuard)
 * @Get('profile') profile() { ... }
 * // or globally: { provide: APP_GUARD, useExisting: LogoutMarkerGuard }
 */
@Injectable()
export class LogoutMarkerGuard implements CanActivate {
  constructor(private readonly markers: LogoutMarkerService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    await rejectLoggedOut(this.markers, http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}

/** Shared by the guard and the middleware: throws 401 when the request's session was logged out. */
export async function rejectLoggedOut(
  markers: LogoutMarkerService,
  req: Request,
  res: Response,
): Promise<void> {
  const session = await markers.accessor()(req);
  if (!session || !(await markers.isLoggedOut(session))) return;
  await markers.loggedOutHandler()?.(req, res);
  throw new UnauthorizedException(BACKCHANNEL_LOGOUT_MESSAGES.session_logged_out);
}

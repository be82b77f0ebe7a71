import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CurrentSessionService } from '../sessions/current-session.service';
import { LogoutService } from '../sessions/logout.service';
import { OP_SESSION_COOKIE, opSessionCookieOptions } from '../sessions/op-session.cookie';
import { OpSessionService } from '../sessions/op-session.service';
import { UserService } from '../users/user.service';
import { CsrfGuard } from '../web/csrf.guard';
import { CsrfService } from '../web/csrf.service';
import { RateLimit, RateLimitGuard } from '../web/rate-limit.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { readParam } from '../web/request-params';
import { safeReturnPath } from '../web/url.util';
import { loginView } from './login.view';

@Controller('login')
export class LoginController {
  constructor(
    private readonly users: UserService,
    private readonly sessions: OpSessionService,
    private readonly current: CurrentSessionService,
    private readonly logout: LogoutService,
    private readonly csrf: CsrfService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  @Get()
  show(@Query() query: unknown, @Req() req: Request, @Res() res: Response): void {
    const returnTo = safeReturnPath(readParam(query, 'return_to'));
    sendHtml(res, loginView({ csrfToken: this.csrf.tokenFor(req, res), returnTo }));
  }

  @Post()
  @RateLimit('signIn')
  @UseGuards(RateLimitGuard, CsrfGuard)
  async submit(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const returnTo = safeReturnPath(readParam(body, 'return_to'));
    const username = (readParam(body, 'username') ?? '').trim();
    const password = readParam(body, 'password') ?? '';
    const check = await this.users.checkCredentials(username, password);
    if (!check.ok) {
      const error =
        check.reason === 'disabled'
          ? 'This account is disabled. Contact the administrator.'
          : 'Wrong username or password.';
      return sendHtml(
        res,
        loginView({ csrfToken: this.csrf.tokenFor(req, res), returnTo, username, error }),
        401,
      );
    }
    const previous = await this.current.resolve(req);
    if (previous && previous.user.id === check.user.id) {
      // Re-authentication (prompt=login, max_age): same session, fresh auth_time.
      await this.sessions.reauthenticate(previous.session.sid);
      return redirectSeeOther(res, returnTo);
    }
    if (previous) {
      // Another user signs in on this browser: the previous user's session ends everywhere.
      await this.logout.endSession(previous.session.sid, { reason: 'replaced_by_login' });
    }
    const { cookieToken } = await this.sessions.create(check.user.id);
    res.cookie(OP_SESSION_COOKIE, cookieToken, opSessionCookieOptions(this.config.secureCookies));
    redirectSeeOther(res, returnTo);
  }
}

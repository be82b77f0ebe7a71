import { Body, Controller, Get, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { destroySession, regenerateSession, saveSession } from '../../../shared/session.util';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CsrfGuard } from '../web/csrf.guard';
import { CsrfService } from '../web/csrf.service';
import { RateLimit, RateLimitGuard } from '../web/rate-limit.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { readParam } from '../web/request-params';
import { ADMIN_COOKIE } from './admin-session.handler';
import { isAdmin } from './admin-auth.guard';
import { adminLoginView } from './views/admin-login.view';

// Compare digests so neither the length nor the content leaks through timing.
const same = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

@Controller('admin')
export class AdminAuthController {
  private readonly logger = new Logger('Admin');

  constructor(
    private readonly csrf: CsrfService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    redirectSeeOther(res, isAdmin(req) ? '/admin/clients' : '/admin/login');
  }

  @Get('login')
  show(@Req() req: Request, @Res() res: Response): void {
    if (isAdmin(req)) return redirectSeeOther(res, '/admin/clients');
    sendHtml(res, adminLoginView(this.csrf.tokenFor(req, res)));
  }

  @Post('login')
  @RateLimit('signIn')
  @UseGuards(RateLimitGuard, CsrfGuard)
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const username = readParam(body, 'username') ?? '';
    const password = readParam(body, 'password') ?? '';
    const ok = same(username, this.config.admin.user) && same(password, this.config.admin.password);
    if (!ok) {
      this.logger.warn('Admin sign-in refused (wrong user or password)');
      const token = this.csrf.tokenFor(req, res);
      return sendHtml(res, adminLoginView(token, 'Wrong admin user or password.'), 401);
    }
    await regenerateSession(req); // a fresh session id at sign-in (no fixation)
    req.session.adminUser = username;
    await saveSession(req);
    redirectSeeOther(res, '/admin/clients');
  }

  @Post('logout')
  @UseGuards(CsrfGuard)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await destroySession(req);
    res.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    redirectSeeOther(res, '/admin/login');
  }
}

import { Controller, Get, Header, HttpCode, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReceiverConfig } from '../config/receiver-config';
import { InjectReceiverConfig } from '../config/receiver-config.token';
import { sendHtml } from './html-response';
import { RP_STYLESHEET } from './receiver-stylesheet';
import { homeView } from './receiver.views';
import { SESSION_WATCH_SCRIPT } from './session-watch.script';

@Controller()
export class HomeController {
  constructor(@InjectReceiverConfig() private readonly config: ReceiverConfig) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response, @Query('signed_out') signedOut?: string): void {
    const notice = signedOut ? 'You signed out.' : undefined;
    sendHtml(
      res,
      homeView(
        this.config.clientId,
        req.session.user && { ...req.session.user, csrf: req.session.csrf ?? '' },
        this.config.pollIntervalMs,
        notice,
      ),
    );
  }

  /** 200 `{sub, sid}` while the session lives, 401 otherwise; never a redirect (scripts poll it). */
  @Get('me')
  @Header('Cache-Control', 'no-store')
  me(@Req() req: Request, @Res({ passthrough: true }) res: Response): object {
    const user = req.session.user;
    if (!user) {
      res.status(401);
      return { error: 'not_authenticated', error_description: 'no live session' };
    }
    return { sub: user.sub, sid: user.sid ?? null };
  }

  @Get('assets/session-watch.js')
  @HttpCode(200)
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return SESSION_WATCH_SCRIPT;
  }

  @Get('assets/rp.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  stylesheet(): string {
    return RP_STYLESHEET;
  }
}

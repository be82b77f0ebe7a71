import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClientService } from '../clients/client.service';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CurrentSessionService } from '../sessions/current-session.service';
import { LogoutService } from '../sessions/logout.service';
import { OP_SESSION_COOKIE, opSessionCookieOptions } from '../sessions/op-session.cookie';
import { CsrfGuard } from '../web/csrf.guard';
import { CsrfService } from '../web/csrf.service';
import { sendHtml } from '../web/html-response';
import { readParam } from '../web/request-params';
import { EndSessionEvaluator } from './end-session.evaluator';
import { EndSessionPlan } from './end-session.plan';
import {
  confirmLogoutView,
  logoutErrorView,
  signedOutView,
  stillSignedInView,
} from './end-session.views';

/** RP-Initiated Logout 1.0 `end_session_endpoint`: GET and POST (RPIL §2), plus the confirmation form. */
@Controller('end-session')
export class EndSessionController {
  constructor(
    private readonly evaluator: EndSessionEvaluator,
    private readonly current: CurrentSessionService,
    private readonly logout: LogoutService,
    private readonly clients: ClientService,
    private readonly csrf: CsrfService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  @Get()
  get(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.request(query, req, res);
  }

  @Post()
  post(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.request(body, req, res);
  }

  @Post('confirm')
  @UseGuards(CsrfGuard)
  async confirm(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const decision = await this.evaluator.evaluate(
      this.evaluator.readParams(body),
      await this.current.resolve(req),
    );
    if (decision.kind === 'error') return sendHtml(res, logoutErrorView(decision.message), 400);
    if (readParam(body, 'logout') !== 'yes') return sendHtml(res, stillSignedInView());
    return this.execute(decision.plan, res, 303);
  }

  private async request(source: unknown, req: Request, res: Response): Promise<void> {
    const params = this.evaluator.readParams(source);
    const decision = await this.evaluator.evaluate(params, await this.current.resolve(req));
    if (decision.kind === 'error') return sendHtml(res, logoutErrorView(decision.message), 400);
    if (decision.plan.needsConfirmation) {
      const client = decision.plan.clientId
        ? await this.clients.find(decision.plan.clientId)
        : null;
      const token = this.csrf.tokenFor(req, res);
      return sendHtml(
        res,
        confirmLogoutView(params, token, client?.clientName ?? client?.clientId),
      );
    }
    return this.execute(decision.plan, res, req.method === 'POST' ? 303 : 302);
  }

  /**
   * Ends the OP session, then redirects only once the back-channel deliveries finished or the
   * bounded wait passed (RPIL §3: redirect after notifying the RPs; a slow RP must not hold the user).
   */
  private async execute(plan: EndSessionPlan, res: Response, status: 302 | 303): Promise<void> {
    if (plan.sid) {
      const outcome = await this.logout.endSession(plan.sid, {
        reason: 'rp_initiated_logout',
        initiatingClientId: plan.clientId,
      });
      await this.logout.waitForDeliveries(outcome, this.config.logoutWaitMs);
    }
    res.clearCookie(OP_SESSION_COOKIE, opSessionCookieOptions(this.config.secureCookies));
    if (plan.redirect) {
      res.set('Cache-Control', 'no-store').redirect(status, plan.redirect);
      return;
    }
    sendHtml(res, signedOutView());
  }
}

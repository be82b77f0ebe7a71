import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CurrentSessionService } from '../sessions/current-session.service';
import { AuthorizationCodeService } from '../tokens/authorization-code.service';
import { CsrfGuard } from '../web/csrf.guard';
import { sendHtml } from '../web/html-response';
import { messagePage } from '../web/layout.view';
import { readParam } from '../web/request-params';
import { AuthorizeRequestValidator } from './authorize-request.validator';
import { grantedScope, redirectToClient } from './authorization-response';

/** The consent page's answer (OIDC Core §3.1.2.4): allow issues the code with every scope asked for. */
@Controller('authorize/consent')
export class ConsentController {
  constructor(
    private readonly validator: AuthorizeRequestValidator,
    private readonly current: CurrentSessionService,
    private readonly codes: AuthorizationCodeService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  @Post()
  @UseGuards(CsrfGuard)
  async decide(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.validator.validate(body);
    if (!result.ok) {
      const message = result.rejection.kind === 'page' ? result.rejection.message : 'Bad request.';
      return sendHtml(res, messagePage('Cannot sign in', message), 400);
    }
    const request = result.request;
    const current = await this.current.resolve(req);
    if (!current) {
      return sendHtml(
        res,
        messagePage('Signed out', 'You are no longer signed in. Start again from the application.'),
        400,
      );
    }
    const to = (params: Record<string, string | undefined>) =>
      redirectToClient(res, this.config.issuer, request.redirectUri, {
        ...params,
        state: request.state,
      });
    if (readParam(body, 'decision') !== 'allow') {
      return to({ error: 'access_denied', error_description: 'the user denied access' });
    }
    const code = await this.codes.issue({
      clientId: request.clientId,
      userId: current.user.id,
      sid: current.session.sid,
      redirectUri: request.redirectUri,
      scope: grantedScope(request.scope, true),
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge,
      authTime: current.session.authTime,
    });
    to({ code });
  }
}

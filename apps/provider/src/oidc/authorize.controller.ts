import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CurrentSessionService } from '../sessions/current-session.service';
import { AuthorizationCodeService } from '../tokens/authorization-code.service';
import { sendHtml } from '../web/html-response';
import { messagePage } from '../web/layout.view';
import { CsrfService } from '../web/csrf.service';
import { AuthorizeRequestValidator } from './authorize-request.validator';
import { grantedScope, redirectToClient } from './authorization-response';
import { consentView } from './consent.view';

/**
 * Authorization endpoint (OIDC Core §3.1.2): code flow with PKCE S256, GET and POST. Without a live
 * OP session the browser is redirected to the login page and comes back here afterwards.
 */
@Controller('authorize')
export class AuthorizeController {
  constructor(
    private readonly validator: AuthorizeRequestValidator,
    private readonly current: CurrentSessionService,
    private readonly codes: AuthorizationCodeService,
    private readonly csrf: CsrfService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  @Get()
  get(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(query, req, res);
  }

  @Post()
  post(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(body, req, res);
  }

  private async handle(params: unknown, req: Request, res: Response): Promise<void> {
    const result = await this.validator.validate(params);
    if (!result.ok) {
      const r = result.rejection;
      if (r.kind === 'page') return sendHtml(res, messagePage('Cannot sign in', r.message), 400);
      return this.redirect(res, r.redirectUri, {
        error: r.error,
        error_description: r.description,
        state: r.state,
      });
    }
    const request = result.request;
    const current = await this.current.resolve(req);
    const tooOld =
      current && request.maxAge !== undefined
        ? Date.now() - current.session.authTime.getTime() > request.maxAge * 1000
        : false;
    if (!current || tooOld || request.prompt.includes('login')) {
      if (request.prompt.includes('none')) {
        return this.redirect(res, request.redirectUri, {
          error: 'login_required',
          error_description: 'the user is not signed in',
          state: request.state,
        });
      }
      // Come back without prompt=login, so that signing in ends the loop (prompt=consent stays).
      const again = new URLSearchParams(
        Object.entries(params as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'prompt',
        ),
      );
      const rest = request.prompt.filter((p) => p !== 'login');
      if (rest.length > 0) again.set('prompt', rest.join(' '));
      const returnTo = `/authorize?${again.toString()}`;
      res.redirect(302, `/login?${new URLSearchParams({ return_to: returnTo }).toString()}`);
      return;
    }
    if (request.prompt.includes('consent')) {
      res.set('Cache-Control', 'no-store');
      return sendHtml(res, consentView(request, this.csrf.tokenFor(req, res)));
    }
    const code = await this.codes.issue({
      clientId: request.clientId,
      userId: current.user.id,
      sid: current.session.sid,
      redirectUri: request.redirectUri,
      scope: grantedScope(request.scope, false),
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge,
      authTime: current.session.authTime,
    });
    this.redirect(res, request.redirectUri, { code, state: request.state });
  }

  private redirect(res: Response, uri: string, params: Record<string, string | undefined>): void {
    redirectToClient(res, this.config.issuer, uri, params);
  }
}

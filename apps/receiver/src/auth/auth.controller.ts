import { Controller, Get, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SessionIndexService } from 'nestjs-backchannel-logout';
import * as oidc from 'openid-client';
import { destroySession, regenerateSession, saveSession } from '../../../shared/session.util';
import { ReceiverConfig } from '../config/receiver-config';
import { InjectReceiverConfig } from '../config/receiver-config.token';
import { OidcClientService } from '../oidc/oidc-client.service';
import { sendHtml } from '../pages/html-response';
import { errorView } from '../pages/receiver.views';
import { readSmallForm } from './form-body.util';
import { loggable } from './log-text.util';

/** Login (code flow + PKCE), callback, and RP-Initiated Logout with its return. */
@Controller()
export class AuthController {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly oidc: OidcClientService,
    private readonly links: SessionIndexService,
    @InjectReceiverConfig() private readonly config: ReceiverConfig,
  ) {}

  @Get('login')
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    let url: URL;
    try {
      url = await this.oidc.authorizationUrl(checks);
    } catch (err) {
      return this.fail(res, 'The identity provider is not reachable', err, 503);
    }
    req.session.login = checks;
    await saveSession(req);
    res.redirect(302, url.toString());
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const checks = req.session.login;
    if (!checks) {
      return sendHtml(
        res,
        errorView(
          this.config.clientId,
          'Sign-in expired',
          'This sign-in attempt is unknown or expired. Log in again.',
        ),
        400,
      );
    }
    let user;
    try {
      user = await this.oidc.completeLogin(new URL(req.originalUrl, this.config.baseUrl), checks);
    } catch (err) {
      delete req.session.login;
      await saveSession(req);
      return this.fail(res, 'Sign-in failed', err, 400);
    }
    // A new session id at login (no fixation), then link it for back-channel logout.
    await regenerateSession(req);
    const { iat: authTime, ...identity } = user;
    req.session.user = { ...identity, loggedInAt: Date.now() };
    req.session.csrf = randomBytes(32).toString('base64url');
    await saveSession(req);
    try {
      await this.links.link({
        iss: user.iss,
        sub: user.sub,
        sid: user.sid,
        sessionId: req.sessionID,
        authTime,
      });
    } catch (err) {
      // BCL §2.7 needs the link to find this session; a session back-channel logout cannot reach
      // must not exist, so the login fails.
      await destroySession(req).catch(() => undefined);
      this.logger.error(
        `Sign-in refused: the session could not be linked for back-channel logout: ${loggable(
          err instanceof Error ? err.message : String(err),
        )}`,
      );
      return sendHtml(
        res,
        errorView(
          this.config.clientId,
          'Sign-in failed',
          'The application could not record your session. Try again later.',
        ),
        503,
      );
    }
    res.redirect(303, '/');
  }

  /** A POST with the session's CSRF token: a cross-site link or image cannot sign the user out. */
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = req.session.user;
    if (!user) return res.redirect(303, '/');
    const form = await readSmallForm(req);
    if (!this.csrfMatches(req.session.csrf, form?.get('_csrf'))) {
      return sendHtml(
        res,
        errorView(
          this.config.clientId,
          'Sign-out refused',
          'The sign-out form has expired or came from another site. Go back, reload and try again.',
        ),
        403,
      );
    }
    const state = randomBytes(16).toString('base64url');
    let url: URL;
    try {
      url = await this.oidc.endSessionUrl(user.idToken, state);
    } catch (err) {
      return this.fail(res, 'The identity provider is not reachable', err, 503);
    }
    // RPIL §2: the RP may end its own session first; only the state survives, to check the return.
    await this.links.unlink(req.sessionID);
    await regenerateSession(req);
    req.session.logoutState = state;
    await saveSession(req);
    res.redirect(303, url.toString());
  }

  @Get('logout/callback')
  async loggedOut(
    @Req() req: Request,
    @Res() res: Response,
    @Query('state') state?: string,
  ): Promise<void> {
    const expected = req.session.logoutState;
    delete req.session.logoutState;
    await saveSession(req);
    if (!expected || state !== expected) {
      return sendHtml(
        res,
        errorView(
          this.config.clientId,
          'Unexpected sign-out response',
          'The provider sent you back without the state this application sent, so the response was ignored.',
        ),
        400,
      );
    }
    res.redirect(303, '/?signed_out=1');
  }

  private csrfMatches(expected: string | undefined, sent: string | null | undefined): boolean {
    if (!expected || !sent) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(sent);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private fail(res: Response, title: string, err: unknown, status: number): void {
    const detail = err instanceof Error ? err.message : String(err);
    // The OP's error and error_description (the callback's query, i.e. text any browser can send)
    // are worth logging, but only escaped and bounded.
    const { error, error_description: description } = err as Record<string, unknown>;
    const reported =
      typeof error === 'string'
        ? ` (error ${loggable(error)}${typeof description === 'string' ? `: ${loggable(description)}` : ''})`
        : '';
    this.logger.warn(`${title}: ${loggable(detail)}${reported}`);
    sendHtml(res, errorView(this.config.clientId, title, detail), status);
  }
}

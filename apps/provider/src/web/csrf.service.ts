import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CookieSecretService } from '../keys/cookie-secret.service';

export const CSRF_COOKIE = 'op_csrf';
export const CSRF_FIELD = '_csrf';

type SessionRequest = Request & { session?: { adminUser?: string }; sessionID?: string };

/**
 * CSRF tokens for every form: HMAC(server key, csrf cookie | admin session id). The cookie is
 * httpOnly and random per browser; binding to the admin session too means a token obtained by an
 * attacker for their own browser is useless in the admin's.
 */
@Injectable()
export class CsrfService {
  constructor(
    private readonly secret: CookieSecretService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  /** The token to embed in a form, setting the csrf cookie first if the browser has none. */
  tokenFor(req: Request, res: Response): string {
    let cookie = this.cookie(req);
    if (!cookie) {
      cookie = randomBytes(32).toString('base64url');
      res.cookie(CSRF_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: '/',
      });
      (req.cookies as Record<string, string>)[CSRF_COOKIE] = cookie;
    }
    return this.secret.mac(this.binding(req, cookie));
  }

  verify(req: Request): boolean {
    const cookie = this.cookie(req);
    const sent: unknown = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!cookie || typeof sent !== 'string') return false;
    const expected = Buffer.from(this.secret.mac(this.binding(req, cookie)));
    const actual = Buffer.from(sent);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private cookie(req: Request): string | undefined {
    const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[CSRF_COOKIE];
    return typeof value === 'string' && value ? value : undefined;
  }

  private binding(req: Request, cookie: string): string {
    const { session, sessionID } = req as SessionRequest;
    return `${cookie}|${session?.adminUser && sessionID ? sessionID : '-'}`;
  }
}

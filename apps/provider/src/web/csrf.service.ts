import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CookieSecretService } from '../keys/cookie-secret.service';
import { readOpSessionCookie } from '../sessions/op-session.cookie';
import { hashOpaqueToken } from '../tokens/token-hash.util';

/** The CSRF cookie: `__Host-` (host-only, Secure, Path=/: no sibling subdomain can set it) over https. */
export const CSRF_COOKIE = 'op_csrf';
export const CSRF_HOST_COOKIE = `__Host-${CSRF_COOKIE}`;
export const CSRF_FIELD = '_csrf';

type SessionRequest = Request & { session?: { adminUser?: string }; sessionID?: string };

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * CSRF tokens for every form: HMAC(server key, csrf cookie | session). The session is the admin
 * session on admin pages, otherwise the OP session when the browser has one (login, consent and
 * logout forms): a token an attacker got for their own browser, even with their csrf cookie planted
 * in the victim's, does not match the victim's session. Without any session (the first sign-in) the
 * token rests on the csrf cookie, which is signed (a made-up value is ignored) and host-only.
 */
@Injectable()
export class CsrfService {
  constructor(
    private readonly secret: CookieSecretService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  /** The token to embed in a form, setting the csrf cookie first if the browser has no valid one. */
  tokenFor(req: Request, res: Response): string {
    let cookie = this.cookie(req);
    if (!cookie) {
      const nonce = randomBytes(32).toString('base64url');
      cookie = `${nonce}.${this.secret.mac(`csrf-cookie|${nonce}`)}`;
      res.cookie(this.cookieName(), cookie, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: '/',
      });
      (req.cookies as Record<string, string>)[this.cookieName()] = cookie;
    }
    return this.secret.mac(this.binding(req, cookie));
  }

  verify(req: Request): boolean {
    const cookie = this.cookie(req);
    const sent: unknown = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!cookie || typeof sent !== 'string') return false;
    return safeEqual(sent, this.secret.mac(this.binding(req, cookie)));
  }

  private cookieName(): string {
    return this.config.secureCookies ? CSRF_HOST_COOKIE : CSRF_COOKIE;
  }

  /** The csrf cookie when its signature holds. */
  private cookie(req: Request): string | undefined {
    const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[
      this.cookieName()
    ];
    if (typeof value !== 'string') return undefined;
    const [nonce, mac, ...rest] = value.split('.');
    if (!nonce || !mac || rest.length > 0) return undefined;
    return safeEqual(mac, this.secret.mac(`csrf-cookie|${nonce}`)) ? value : undefined;
  }

  private binding(req: Request, cookie: string): string {
    const { session, sessionID } = req as SessionRequest;
    if (session?.adminUser && sessionID) return `${cookie}|admin:${sessionID}`;
    const op = readOpSessionCookie(req);
    return `${cookie}|op:${op ? hashOpaqueToken(op) : '-'}`;
  }
}

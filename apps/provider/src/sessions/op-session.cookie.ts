import type { CookieOptions, Request } from 'express';

/** The OP browser session cookie: opaque, httpOnly, SameSite=Lax (sent on top-level navigations from RPs). */
export const OP_SESSION_COOKIE = 'op_session';

export function opSessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

export function readOpSessionCookie(req: Request): string | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[OP_SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

import type { Response } from 'express';
import { SafeHtml } from '../../../shared/html';

/**
 * Sends a server-rendered page. No script runs on the provider's pages; forms post to the same
 * origin. (No `form-action` directive: Chrome applies it to the redirect after a login POST, which
 * goes to the RP's origin.)
 */
export function sendHtml(res: Response, page: SafeHtml, status = 200): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    })
    .send(page.value);
}

/** 303 See Other: after a POST the browser follows with a GET (RFC 9110 §15.4.4). */
export function redirectSeeOther(res: Response, location: string): void {
  res.set('Cache-Control', 'no-store').redirect(303, location);
}

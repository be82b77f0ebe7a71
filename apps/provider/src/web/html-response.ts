import type { Response } from 'express';
import { htmlSender } from '../../../shared/html-response';

/**
 * Sends a server-rendered page. No script runs on the provider's pages; forms post to the same
 * origin. (No `form-action` directive: Chrome applies it to the redirect after a login POST, which
 * goes to the RP's origin.)
 */
export const sendHtml = htmlSender({
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
});

/** 303 See Other: after a POST the browser follows with a GET (RFC 9110 §15.4.4). */
export function redirectSeeOther(res: Response, location: string): void {
  res.set('Cache-Control', 'no-store').redirect(303, location);
}

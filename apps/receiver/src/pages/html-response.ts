import type { Response } from 'express';
import { SafeHtml } from '../../../shared/html';

/** Sends a page; scripts only from this origin (the session watcher). */
export function sendHtml(res: Response, page: SafeHtml, status = 200): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    })
    .send(page.value);
}

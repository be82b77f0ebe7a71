import type { Response } from 'express';
import { SafeHtml } from './html';

/** How an app sends a server-rendered page: `sendHtml(res, page, status?)`. */
export type HtmlSender = (res: Response, page: SafeHtml, status?: number) => void;

/**
 * The `sendHtml` of one sample app. Every page is `no-store`, `nosniff` and `no-referrer`; `appHeaders`
 * add what differs on purpose between the apps (each one's Content-Security-Policy).
 */
export function htmlSender(appHeaders: Readonly<Record<string, string>>): HtmlSender {
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...appHeaders,
  };
  return (res, page, status = 200) => {
    res.status(status).set(headers).send(page.value);
  };
}

import { htmlSender } from '../../../shared/html-response';

/** Sends a page; scripts only from this origin (the session watcher). */
export const sendHtml = htmlSender({
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
});

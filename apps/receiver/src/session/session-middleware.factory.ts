import type { Store } from 'express-session';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { createHash } from 'node:crypto';
import { ReceiverConfig } from '../config/receiver-config';
import { SESSION_TTL_SECONDS } from './backchannel-receiver.options';
import './session-data';

/**
 * express-session in Redis. The signing secret is derived from the client secret, so every instance
 * of this RP agrees on it without one more setting. The back-channel endpoint is left out: it is
 * called by the OP, server to server, never with the browser's session (BCL §2.5).
 */
export function createSessionMiddleware(config: ReceiverConfig, store: Store): RequestHandler {
  const middleware = session({
    name: config.sessionCookieName,
    secret: createHash('sha256').update(`rp-session:${config.clientSecret}`).digest('base64url'),
    store,
    resave: false,
    saveUninitialized: false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: SESSION_TTL_SECONDS * 1000,
    },
  });
  return (req, res, next) =>
    req.path === config.backchannelPath ? next() : middleware(req, res, next);
}

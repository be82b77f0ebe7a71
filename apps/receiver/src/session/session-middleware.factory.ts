import RedisStore from 'connect-redis';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { ReceiverConfig } from '../config/receiver-config';
import './session-data';

/** Redis key prefix of this RP's express-session store (the session index destroys keys under it). */
export const sessionKeyPrefix = (config: ReceiverConfig) => `${config.redis.prefix}:sess:`;

/**
 * express-session in Redis. The signing secret is derived from the client secret, so every instance
 * of this RP agrees on it without one more setting.
 */
export function createSessionMiddleware(
  config: ReceiverConfig,
  redis: Redis,
  store = new RedisStore({ client: redis, prefix: sessionKeyPrefix(config) }),
): RequestHandler {
  return session({
    name: config.sessionCookieName,
    secret: createHash('sha256').update(`rp-session:${config.clientSecret}`).digest('base64url'),
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 8 * 3600_000 },
  });
}

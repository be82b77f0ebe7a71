import type { Store } from 'express-session';
import type Redis from 'ioredis';
import {
  BackchannelLogoutReceiverOptions,
  ExpressSessionDestroyer,
  RedisReplayStore,
  RedisSessionIndexStore,
} from 'nestjs-backchannel-logout';
import { ReceiverConfig } from '../config/receiver-config';

/**
 * The library's receiver, configured for this RP: one trusted OP (its issuer and this client id), replay
 * protection and the session index in Redis (shared by every instance of this RP), and express-session's
 * own store to destroy a logged-out session at once.
 */
export function backchannelReceiverOptions(
  config: ReceiverConfig,
  redis: Redis,
  sessionStore: Store,
): BackchannelLogoutReceiverOptions {
  const keyPrefix = `${config.redis.prefix}:bcl:`;
  return {
    issuers: [{ issuer: config.issuerBaseUrl, clientId: config.clientId }],
    replayStore: new RedisReplayStore({ client: redis, keyPrefix }),
    sessions: {
      index: {
        store: new RedisSessionIndexStore({ client: redis, keyPrefix, ttlSeconds: 8 * 3600 }),
        destroyer: new ExpressSessionDestroyer(sessionStore),
      },
    },
  };
}

import type { Store } from 'express-session';
import type Redis from 'ioredis';
import { BackchannelLogoutReceiverOptions } from 'nestjs-backchannel-logout';
import { ExpressSessionDestroyer, RedisReplayStore } from 'nestjs-backchannel-logout/receiver';
import { TypeOrmSessionIndexStore } from 'nestjs-backchannel-logout/receiver/typeorm';
import { DataSource } from 'typeorm';
import { ReceiverConfig } from '../config/receiver-config';

/** Links live as long as the sessions they point to. */
export const SESSION_TTL_SECONDS = 8 * 3600;

/**
 * The library's receiver, configured for this RP: one trusted OP (its issuer and this client id),
 * replay protection in Redis (shared by every instance of this RP), the session index in the
 * database (indexed on (iss, sid) and (iss, sub)), and express-session's own store to destroy a
 * logged-out session at once.
 */
export function backchannelReceiverOptions(
  config: ReceiverConfig,
  redis: Redis,
  sessionStore: Store,
  dataSource: DataSource,
): BackchannelLogoutReceiverOptions {
  return {
    issuers: [{ issuer: config.issuerBaseUrl, clientId: config.clientId }],
    replayStore: new RedisReplayStore({ client: redis, keyPrefix: `${config.redis.prefix}:bcl:` }),
    sessions: {
      index: {
        store: new TypeOrmSessionIndexStore(dataSource, { ttlSeconds: SESSION_TTL_SECONDS }),
        destroyer: new ExpressSessionDestroyer(sessionStore),
      },
    },
  };
}

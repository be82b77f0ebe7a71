import { Provider } from '@nestjs/common';
import RedisStore from 'connect-redis';
import type Redis from 'ioredis';
import { ReceiverConfig } from '../config/receiver-config';
import { RECEIVER_CONFIG } from '../config/receiver-config.token';
import { RECEIVER_REDIS } from '../redis/receiver-redis.provider';

/** The express-session store, shared by the session middleware and the back-channel session destroyer. */
export const RECEIVER_SESSION_STORE = Symbol('RECEIVER_SESSION_STORE');

export const receiverSessionStoreProvider: Provider = {
  provide: RECEIVER_SESSION_STORE,
  inject: [RECEIVER_CONFIG, RECEIVER_REDIS],
  useFactory: (config: ReceiverConfig, redis: Redis) =>
    new RedisStore({ client: redis, prefix: `${config.redis.prefix}:sess:` }),
};

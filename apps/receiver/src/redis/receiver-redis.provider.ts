import { Inject, Injectable, OnModuleDestroy, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { ReceiverConfig } from '../config/receiver-config';
import { RECEIVER_CONFIG } from '../config/receiver-config.token';

/** The receiver's one Redis connection: express-session store, session index, replay store. */
export const RECEIVER_REDIS = Symbol('RECEIVER_REDIS');
export const InjectReceiverRedis = (): ParameterDecorator => Inject(RECEIVER_REDIS);

export const receiverRedisProvider: Provider = {
  provide: RECEIVER_REDIS,
  inject: [RECEIVER_CONFIG],
  useFactory: (config: ReceiverConfig) =>
    new Redis(config.redis.url, { maxRetriesPerRequest: 2, enableOfflineQueue: true }),
};

/** Closes the connection when the app closes (tests must leave no open handle). */
@Injectable()
export class ReceiverRedisCloser implements OnModuleDestroy {
  constructor(@InjectReceiverRedis() private readonly redis: Redis) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

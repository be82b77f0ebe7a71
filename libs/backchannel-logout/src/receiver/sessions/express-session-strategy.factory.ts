import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import type { BackchannelLogoutReceiverOptions } from '../receiver-options.interface';
import type { ReplayStore } from '../replay/replay-store.interface';
import { MemoryReplayStore } from '../replay/memory-replay.store';
import { RedisReplayStore } from '../replay/redis-replay.store';
import { ExpressSessionDestroyer } from './index/express-session.destroyer';
import { RedisSessionDestroyer } from './index/redis-session.destroyer';
import { RedisSessionIndexStore } from './index/redis-session-index.store';
import type { SessionDestroyer } from './index/session-destroyer.interface';
import type { ExpandedSessionOptions } from './session-options.interface';

/** The session strategy and replay store after the short forms are expanded. */
export interface ExpandedReceiverStores {
  readonly sessions: ExpandedSessionOptions;
  readonly replayStore: ReplayStore;
}

/**
 * Expands `sessions: { expressSession }` into a Redis session index plus an `ExpressSessionDestroyer` (a
 * `RedisSessionDestroyer` with `redisSessionPrefix`), and defaults the replay store to `redis` when it is set;
 * the long forms pass through unchanged.
 */
export function expandReceiverStores(
  options: BackchannelLogoutReceiverOptions,
): ExpandedReceiverStores {
  const { sessions, redis } = options;
  if (!('expressSession' in sessions)) return { sessions, replayStore: replayStoreOf(options) };
  if (typeof sessions.expressSession?.destroy !== 'function') {
    invalid('sessions.expressSession must be an express-session store');
  }
  if (!redis) invalid('sessions.expressSession needs redis: the session index is kept there');
  let destroyer: SessionDestroyer = new ExpressSessionDestroyer(sessions.expressSession);
  if (sessions.redisSessionPrefix !== undefined) {
    if (!('client' in redis)) invalid('sessions.redisSessionPrefix needs redis: { client }');
    destroyer = new RedisSessionDestroyer({
      client: redis.client,
      prefix: sessions.redisSessionPrefix,
    });
  }
  return {
    sessions: { index: { store: new RedisSessionIndexStore(redis), destroyer } },
    replayStore: replayStoreOf(options),
  };
}

function replayStoreOf({ replayStore, redis }: BackchannelLogoutReceiverOptions): ReplayStore {
  return replayStore ?? (redis ? new RedisReplayStore(redis) : new MemoryReplayStore());
}

function invalid(detail: string): never {
  throw BackchannelLogoutError.of('receiver_invalid_options', detail);
}

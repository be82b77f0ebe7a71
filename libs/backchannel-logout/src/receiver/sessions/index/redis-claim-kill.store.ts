import type { Cluster, Redis } from 'ioredis';
import { CachedScript } from '../../../common/redis/cached-script';
import type { ResolvedReceiverConfig } from '../../receiver-config';
import type { ReplayKey } from '../../replay/replay-store.interface';
import { RedisReplayStore } from '../../replay/redis-replay.store';
import type { VerifiedLogoutToken } from '../../token/verified-logout-token.interface';
import type { SessionTerminationResult } from '../session-terminator.interface';
import { REPLAY_HOLDER } from '../../storage/redis-batch.script';
import { REDIS_CLAIM_KILL_SCRIPT } from './redis-claim-kill.script';
import { RedisSessionDestroyer } from './redis-session.destroyer';
import { RedisSessionIndexStore } from './redis-session-index.store';
import type { SessionLinkQuery } from './session-index-store.interface';

/**
 * What the one-command kill did: `done` / `in_progress` (nothing changed, as `ReplayStore.acquire`);
 * `acquired` with `ended` (the sessions are gone; `cleanup` unlinks them), with `mismatch` (nothing ended, the
 * token must be refused), or with neither (sessions linked by 0.1.0: the terminator ends them the usual way).
 */
export type ClaimKillResult =
  | { readonly state: 'done' | 'in_progress' }
  | {
      readonly state: 'acquired';
      readonly ended?: SessionTerminationResult;
      readonly mismatch?: true;
    };

/**
 * Claim + index lookup + session kill in one Redis command (see `REDIS_CLAIM_KILL_SCRIPT`). Built by `from`
 * only when it is safe: a `RedisReplayStore`, a `RedisSessionIndexStore` and a `RedisSessionDestroyer` on the
 * same client of a single Redis node. Otherwise the receiver takes the usual path (claim + lookup, then the
 * destroyer), which is also the one a Redis Cluster client gets.
 */
export class RedisClaimKill {
  private readonly script = new CachedScript(REDIS_CLAIM_KILL_SCRIPT);

  private constructor(
    private readonly client: Redis,
    private readonly replay: RedisReplayStore,
    private readonly index: RedisSessionIndexStore,
    private readonly prefix: string,
  ) {}

  /** The one-command kill for this configuration, or `undefined` when it does not apply. */
  static from(config: ResolvedReceiverConfig): RedisClaimKill | undefined {
    const { replayStore } = config;
    const sessions = config.options.sessions;
    if (!('index' in sessions) || !(replayStore instanceof RedisReplayStore)) return undefined;
    const { store, destroyer } = sessions.index;
    if (
      !(store instanceof RedisSessionIndexStore) ||
      !(destroyer instanceof RedisSessionDestroyer)
    ) {
      return undefined;
    }
    const client = destroyer.client;
    const probe = { iss: '', jti: '' };
    if (isCluster(client) || replayStore.redisTarget(probe).client !== client) return undefined;
    if (store.redisTarget({ iss: '', sid: '' }).client !== client) return undefined;
    return new RedisClaimKill(client, replayStore, store, destroyer.prefix);
  }

  async run(
    key: ReplayKey,
    owner: string,
    leaseMs: number,
    token: VerifiedLogoutToken,
  ): Promise<ClaimKillResult> {
    const query: SessionLinkQuery =
      token.sid !== undefined
        ? { iss: token.iss, sid: token.sid }
        : { iss: token.iss, sub: token.sub as string };
    const target = this.index.redisTarget(query);
    const keys = [this.replay.redisTarget(key).key, target.lookup];
    if (target.legacy !== undefined) keys.push(target.legacy);
    const subCheck = token.sid !== undefined && token.sub !== undefined ? token.sub : '';
    const argv = [REPLAY_HOLDER + owner, leaseMs, token.iat, subCheck, this.prefix];
    const [state, ...flat] = await this.evaluate(keys, argv);
    if (state === 'done' || state === 'in_progress') return { state };
    if (state === 'legacy') return { state: 'acquired' };
    if (state === 'mismatch') return { state: 'acquired', mismatch: true };
    const links = this.index.linksOf(query, flat);
    const cleanup = async () => {
      await Promise.all(links.map((link) => this.index.unlink(link.sessionId, link)));
    };
    const ended = { endedSessionIds: links.map((link) => link.sessionId), cleanup };
    return { state: 'acquired', ended };
  }

  private async evaluate(keys: string[], argv: (string | number)[]): Promise<string[]> {
    return (await this.script.run(this.client, keys, argv)) as string[];
  }
}

function isCluster(client: Redis | Cluster): client is Cluster {
  return client.isCluster;
}

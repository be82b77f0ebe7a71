import type { RedisConnection } from '../../storage/redis-connection';
import { toHash } from '../../storage/redis-hash.util';
import type { SessionLink, SessionLinkQuery } from './session-index-store.interface';

/**
 * The session index as version 0.1.0 wrote it: a set of session ids per `iss|sid` (`index:sid:`) and per
 * `iss|sub` (`index:sub:`), next to the per-session hash that both layouts share. `RedisSessionIndexStore` reads
 * it during an upgrade (option `legacyKeys`) so a session linked before the upgrade still ends at a logout after
 * it. Every command touches one key (the old store's multi-key script failed on Redis Cluster).
 */
export class LegacyRedisSessionIndex {
  // The links this reader returned (or found in an old-layout hash): only those are in the old sets.
  private readonly legacyLinks = new WeakSet<SessionLink>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly sessionKey: (sessionId: string) => string,
  ) {}

  /** The old set's members whose hash is still the old link: one `SMEMBERS`, then one `HGETALL` per member. */
  async find(query: SessionLinkQuery): Promise<SessionLink[]> {
    const members = (await this.redis.run('smembers', this.setKey(query))) as string[];
    if (members.length === 0) return [];
    const hashes = await Promise.all(
      members.map(async (id) => toHash(await this.redis.run('hgetall', this.sessionKey(id)))),
    );
    const links: SessionLink[] = [];
    hashes.forEach((hash, i) => {
      // A hash with `v` was relinked in the new layout since (the new lookup finds it); no hash: expired.
      if (hash.iss !== query.iss || hash.v !== undefined) return;
      if ('sid' in query ? hash.sid !== query.sid : hash.sub !== query.sub) return;
      const link: SessionLink = {
        iss: hash.iss,
        sessionId: members[i],
        ...(hash.sub !== undefined ? { sub: hash.sub } : {}),
        ...(hash.sid !== undefined ? { sid: hash.sid } : {}),
        ...(hash.authTime !== undefined ? { authTime: Number(hash.authTime) } : {}),
      };
      this.remember(link);
      links.push(link);
    });
    return links;
  }

  /** `link` was read from the old layout: `unlink` must remove it from the old sets too. */
  remember(link: SessionLink): void {
    this.legacyLinks.add(link);
  }

  mayHold(link: SessionLink): boolean {
    return this.legacyLinks.has(link);
  }

  async unlink(sessionId: string, link: SessionLink): Promise<void> {
    const sets: string[] = [];
    if (link.sid !== undefined) sets.push(this.setKey({ iss: link.iss, sid: link.sid }));
    if (link.sub !== undefined) sets.push(this.setKey({ iss: link.iss, sub: link.sub }));
    await Promise.all(sets.map((key) => this.redis.run('srem', key, sessionId)));
  }

  /** The 0.1.0 set of `query`. */
  setKey(query: SessionLinkQuery): string {
    return 'sid' in query
      ? this.redis.key('index:sid', query.iss, query.sid)
      : this.redis.key('index:sub', query.iss, query.sub);
  }
}

import { RedisConnection, type RedisStoreConnection } from '../../storage/redis-connection';
import type {
  SessionIndexStore,
  SessionLink,
  SessionLinkInput,
  SessionLinkQuery,
} from './session-index-store.interface';

/** Options of `RedisSessionIndexStore`: the connection plus the default link lifetime. */
export type RedisSessionIndexStoreOptions = RedisStoreConnection & {
  /** Default lifetime of a link; match your sessions' maximum lifetime. Default 7 days. */
  readonly ttlSeconds?: number;
};

// Writes the session's hash and adds it to its index sets; a set's TTL only ever grows (it outlives its members).
// KEYS: hash, then the sets. ARGV: sessionId, ttl ms, then field/value pairs of the hash.
const LINK_SCRIPT = `
local ttl = tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ttl)
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1`;

/**
 * A `SessionIndexStore` in Redis: a set of session ids per `(iss, sid)` and per `(iss, sub)`, and a hash per
 * session (for unlinking and for the `sub` check of §2.6 step 10). A lookup reads one set and the hashes of its
 * members: O(sessions of that user), never a scan.
 */
export class RedisSessionIndexStore implements SessionIndexStore {
  private readonly redis: RedisConnection;
  private readonly ttlSeconds: number;

  constructor(options: RedisSessionIndexStoreOptions) {
    this.redis = new RedisConnection(options);
    this.ttlSeconds = options.ttlSeconds ?? 7 * 24 * 3600;
  }

  async link(input: SessionLinkInput): Promise<void> {
    await this.unlink(input.sessionId);
    const fields: string[] = ['iss', input.iss];
    if (input.sub !== undefined) fields.push('sub', input.sub);
    if (input.sid !== undefined) fields.push('sid', input.sid);
    if (input.authTime !== undefined) fields.push('authTime', String(input.authTime));
    const ttlMs = 1000 * (input.ttlSeconds ?? this.ttlSeconds);
    const keys = [this.sessionKey(input.sessionId), ...this.setKeys(input)];
    await this.redis.client.eval(
      LINK_SCRIPT,
      keys.length,
      ...keys,
      input.sessionId,
      ttlMs,
      ...fields,
    );
  }

  async unlink(sessionId: string, known?: SessionLink): Promise<void> {
    // The terminator passes the link `find` read a moment ago: one round trip per ended session, not two.
    const link = known ?? (await this.read(sessionId));
    const tx = this.redis.client.multi().del(this.sessionKey(sessionId));
    if (link) for (const key of this.setKeys(link)) tx.srem(key, sessionId);
    await tx.exec();
  }

  async find(query: SessionLinkQuery): Promise<SessionLink[]> {
    const setKey =
      'sid' in query
        ? this.redis.key('index:sid', query.iss, query.sid)
        : this.redis.key('index:sub', query.iss, query.sub);
    const ids = await this.redis.client.smembers(setKey);
    if (ids.length === 0) return [];
    const pipeline = this.redis.client.pipeline();
    for (const id of ids) pipeline.hgetall(this.sessionKey(id));
    const results = (await pipeline.exec()) ?? [];
    const links: SessionLink[] = [];
    const stale: string[] = [];
    results.forEach(([err, hash], i) => {
      if (err) throw err;
      const link = toLink(ids[i], hash as Record<string, string>);
      if (link) links.push(link);
      else stale.push(ids[i]);
    });
    // Sessions that expired without an unlink: drop them from the set while we are here.
    if (stale.length > 0) await this.redis.client.srem(setKey, ...stale);
    return links;
  }

  /** Closes the connection if this store opened it from a URL. */
  close(): Promise<void> {
    return this.redis.close();
  }

  private async read(sessionId: string): Promise<SessionLink | undefined> {
    return toLink(sessionId, await this.redis.client.hgetall(this.sessionKey(sessionId)));
  }

  private sessionKey(sessionId: string): string {
    return this.redis.key('index:session', sessionId);
  }

  private setKeys(link: Omit<SessionLink, 'sessionId'>): string[] {
    const keys: string[] = [];
    if (link.sid !== undefined) keys.push(this.redis.key('index:sid', link.iss, link.sid));
    if (link.sub !== undefined) keys.push(this.redis.key('index:sub', link.iss, link.sub));
    return keys;
  }
}

function toLink(sessionId: string, hash: Record<string, string>): SessionLink | undefined {
  if (!hash || hash.iss === undefined) return undefined;
  return {
    iss: hash.iss,
    sessionId,
    ...(hash.sub !== undefined ? { sub: hash.sub } : {}),
    ...(hash.sid !== undefined ? { sid: hash.sid } : {}),
    ...(hash.authTime !== undefined ? { authTime: Number(hash.authTime) } : {}),
  };
}

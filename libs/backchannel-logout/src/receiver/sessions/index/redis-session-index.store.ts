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

// One round trip for a lookup: the set's members and each member's hash; members whose hash expired are
// dropped from the set. KEYS[1]: the set. ARGV[1]: the session-hash key prefix; ids are encoded the way
// RedisConnection.key does (encodeURIComponent: every byte but A-Z a-z 0-9 - _ . ! ~ * ' ( ) as %XX).
const FIND_SCRIPT = `
local found, stale = {}, {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local encoded = id:gsub("[^%w%-_%.!~%*'%(%)]", function(c) return string.format('%%%02X', c:byte()) end)
  local hash = redis.call('HGETALL', ARGV[1] .. encoded)
  if #hash == 0 then stale[#stale + 1] = id else found[#found + 1] = id; found[#found + 1] = hash end
end
if #stale > 0 then redis.call('SREM', KEYS[1], unpack(stale)) end
return found`;

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
    const found = (await this.redis.client.eval(
      FIND_SCRIPT,
      1,
      setKey,
      this.sessionKey(''),
    )) as Array<string | string[]>;
    const links: SessionLink[] = [];
    for (let i = 0; i < found.length; i += 2) {
      const link = toLink(found[i] as string, pairsToHash(found[i + 1] as string[]));
      if (link) links.push(link);
    }
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

function pairsToHash(pairs: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) hash[pairs[i]] = pairs[i + 1];
  return hash;
}

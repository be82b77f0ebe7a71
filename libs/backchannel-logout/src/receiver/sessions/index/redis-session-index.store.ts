import { RedisConnection, type RedisStoreConnection } from '../../storage/redis-connection';
import { toHash } from '../../storage/redis-hash.util';
import { LegacyRedisSessionIndex } from './legacy-redis-session-index.reader';
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
  /**
   * Also find (and unlink) sessions linked by version 0.1.0, whose index was a set per `iss|sid` and `iss|sub`.
   * Default `true`: no session linked before an upgrade survives a logout after it. Costs one `SMEMBERS` per
   * lookup, sent with the lookup (same round trip). Set `false` once `ttlSeconds` have passed since the
   * upgrade (every old link has expired by then), and on a new deployment.
   */
  readonly legacyKeys?: boolean;
};

// One field per linked session: `<expiry, epoch ms>:<JSON [the other of sid/sub, authTime]>` (iss and the
// looked-up value are in the key; short values keep a user's hash in Redis's compact encoding). The key's TTL
// only ever grows (it outlives its fields). Expiry uses the Redis clock, so every instance agrees on it.
// KEYS[1]: a lookup hash. ARGV: sessionId, ttl ms, JSON.
const ADD_SCRIPT = `
local t = redis.call('TIME')
local ttl = tonumber(ARGV[2])
local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ttl
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', expiry) .. ':' .. ARGV[3])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`;

/** What a lookup field holds: the other of `sid`/`sub` (null when absent), then `authTime` when known. */
type StoredLink = [other: string | null, authTime?: number];

/**
 * A `SessionIndexStore` in Redis: a hash per `(iss, sid)` and per `(iss, sub)` whose fields are the linked
 * session ids (each with its link and expiry), and a hash per session (for `unlink(sessionId)`). Every step
 * touches one key, so it runs on Redis Cluster with its keys spread over all slots; the keys of one operation
 * are written or read with concurrent steps, one round trip (on one Redis node, one command: see
 * `RedisBatchQueue`). A lookup is O(sessions of that user).
 */
export class RedisSessionIndexStore implements SessionIndexStore {
  private readonly redis: RedisConnection;
  private readonly ttlSeconds: number;
  private readonly legacy: LegacyRedisSessionIndex | undefined;

  constructor(options: RedisSessionIndexStoreOptions) {
    this.redis = new RedisConnection(options);
    this.ttlSeconds = options.ttlSeconds ?? 7 * 24 * 3600;
    this.legacy =
      options.legacyKeys === false
        ? undefined
        : new LegacyRedisSessionIndex(this.redis, (id) => this.sessionKey(id));
  }

  async link(input: SessionLinkInput): Promise<void> {
    await this.unlink(input.sessionId);
    const ttlMs = Math.max(1, Math.ceil(1000 * (input.ttlSeconds ?? this.ttlSeconds)));
    const record: string[] = ['iss', input.iss, 'v', '2'];
    if (input.sub !== undefined) record.push('sub', input.sub);
    if (input.sid !== undefined) record.push('sid', input.sid);
    if (input.authTime !== undefined) record.push('authTime', String(input.authTime));
    const add = (lookup: string, other: string | undefined) => {
      const stored: StoredLink = [other ?? null];
      if (input.authTime !== undefined) stored.push(input.authTime);
      const json = JSON.stringify(stored);
      return this.redis.client.eval(ADD_SCRIPT, 1, lookup, input.sessionId, ttlMs, json);
    };
    const key = this.sessionKey(input.sessionId);
    await Promise.all([
      this.redis.client
        .multi()
        .del(key)
        .hset(key, ...record)
        .pexpire(key, ttlMs)
        .exec(),
      input.sid !== undefined && add(this.sidKey(input.iss, input.sid), input.sub),
      input.sub !== undefined && add(this.subKey(input.iss, input.sub), input.sid),
    ]);
  }

  async unlink(sessionId: string, known?: SessionLink): Promise<void> {
    // The terminator passes the link `find` read a moment ago: one round trip per ended session, not two.
    const link = known ?? (await this.read(sessionId));
    const commands: Promise<unknown>[] = [this.redis.run('del', this.sessionKey(sessionId))];
    if (link) {
      for (const key of this.lookupKeys(link))
        commands.push(this.redis.run('hdel', key, sessionId));
      if (this.legacy?.mayHold(link)) commands.push(this.legacy.unlink(sessionId, link));
    }
    await Promise.all(commands);
  }

  async find(query: SessionLinkQuery): Promise<SessionLink[]> {
    const key =
      'sid' in query ? this.sidKey(query.iss, query.sid) : this.subKey(query.iss, query.sub);
    const [found, legacy] = await Promise.all([
      this.redis.run('find', key) as Promise<string[]>,
      this.legacy?.find(query) ?? [],
    ]);
    const links = this.linksOf(query, found);
    const seen = new Set(links.map((link) => link.sessionId));
    return [...links, ...legacy.filter((link) => !seen.has(link.sessionId))];
  }

  /**
   * @internal For `RedisClaimKill`'s script: the client, the lookup hash of `query` and, while `legacyKeys` is
   * on, the 0.1.0 set of `query`.
   */
  redisTarget(query: SessionLinkQuery): {
    client: RedisConnection['client'];
    lookup: string;
    legacy?: string;
  } {
    const lookup =
      'sid' in query ? this.sidKey(query.iss, query.sid) : this.subKey(query.iss, query.sub);
    const legacy = this.legacy?.setKey(query);
    return { client: this.redis.client, lookup, ...(legacy !== undefined ? { legacy } : {}) };
  }

  /** @internal The links of a flat `sessionId, stored` list that `redisTarget`'s lookup hash held. */
  linksOf(query: SessionLinkQuery, flat: readonly string[]): SessionLink[] {
    const links: SessionLink[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      links.push(toLink(query, flat[i], JSON.parse(flat[i + 1]) as StoredLink));
    }
    return links;
  }

  /** Closes the connection if this store opened it from a URL. */
  close(): Promise<void> {
    return this.redis.close();
  }

  private async read(sessionId: string): Promise<SessionLink | undefined> {
    const hash = toHash(await this.redis.run('hgetall', this.sessionKey(sessionId)));
    if (hash.iss === undefined) return undefined;
    const link: SessionLink = {
      iss: hash.iss,
      sessionId,
      ...(hash.sub !== undefined ? { sub: hash.sub } : {}),
      ...(hash.sid !== undefined ? { sid: hash.sid } : {}),
    };
    if (hash.v === undefined) this.legacy?.remember(link);
    return link;
  }

  private sessionKey(sessionId: string): string {
    return this.redis.key('index:session', sessionId);
  }

  private lookupKeys(link: Pick<SessionLink, 'iss' | 'sid' | 'sub'>): string[] {
    const keys: string[] = [];
    if (link.sid !== undefined) keys.push(this.sidKey(link.iss, link.sid));
    if (link.sub !== undefined) keys.push(this.subKey(link.iss, link.sub));
    return keys;
  }

  private sidKey(iss: string, sid: string): string {
    return this.redis.key('index:by-sid', iss, sid);
  }

  private subKey(iss: string, sub: string): string {
    return this.redis.key('index:by-sub', iss, sub);
  }
}

function toLink(query: SessionLinkQuery, sessionId: string, stored: StoredLink): SessionLink {
  const [other, authTime] = stored;
  const sub = 'sid' in query ? other : query.sub;
  const sid = 'sid' in query ? query.sid : other;
  return {
    iss: query.iss,
    sessionId,
    ...(sub !== null ? { sub } : {}),
    ...(sid !== null ? { sid } : {}),
    ...(authTime !== undefined ? { authTime } : {}),
  };
}

import { RedisConnection, type RedisStoreConnection } from '../../storage/redis-connection';
import type {
  FoundLogoutMarkers,
  LogoutMarker,
  LogoutMarkerQuery,
  LogoutMarkerStore,
} from './logout-marker-store.interface';

// Keep the marker with the later iat: a late, older token must not shorten what a newer one logged out.
const MARK_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(cjson.decode(current).iat) > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

/**
 * A `LogoutMarkerStore` in Redis: one key per `(iss, sid)` and per `(iss, sub)` marker, with a TTL. Every command
 * touches one key, so it works unchanged on Redis Cluster (markers spread over all slots).
 */
export class RedisLogoutMarkerStore implements LogoutMarkerStore {
  private readonly redis: RedisConnection;

  constructor(connection: RedisStoreConnection) {
    this.redis = new RedisConnection(connection);
  }

  async mark(marker: LogoutMarker, ttlSeconds: number): Promise<void> {
    const key = this.markerKey(
      marker.kind,
      marker.iss,
      marker.kind === 'sid' ? marker.sid : marker.sub,
    );
    await this.redis.client.eval(
      MARK_SCRIPT,
      1,
      key,
      JSON.stringify(marker),
      marker.iat,
      ttlSeconds * 1000,
    );
  }

  async find(query: LogoutMarkerQuery): Promise<FoundLogoutMarkers> {
    const sidKey =
      query.sid !== undefined ? this.markerKey('sid', query.iss, query.sid) : undefined;
    const subKey =
      query.sub !== undefined ? this.markerKey('sub', query.iss, query.sub) : undefined;
    // Two single-key reads sent together instead of one MGET: the sid and sub markers may live in
    // different Redis Cluster slots, and both requests still go out before either answer is awaited.
    const [sid, sub] = await Promise.all([this.read(sidKey), this.read(subKey)]);
    return {
      ...(sid?.kind === 'sid' ? { sid } : {}),
      ...(sub?.kind === 'sub' ? { sub } : {}),
    };
  }

  async clearSid(iss: string, sid: string): Promise<void> {
    await this.redis.client.del(this.markerKey('sid', iss, sid));
  }

  private async read(key: string | undefined): Promise<LogoutMarker | undefined> {
    const value = key === undefined ? null : await this.redis.client.get(key);
    return value ? (JSON.parse(value) as LogoutMarker) : undefined;
  }

  /** Closes the connection if this store opened it from a URL. */
  close(): Promise<void> {
    return this.redis.close();
  }

  private markerKey(kind: 'sid' | 'sub', iss: string, value: string): string {
    return this.redis.key(`marker:${kind}`, iss, value);
  }
}

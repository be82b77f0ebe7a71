import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { CachedScript } from '../../common/redis/cached-script';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { isQueueOffline } from '../delivery/queue-connection.util';
import { RpHealthRecord, RpHealthState } from './rp-health.interface';

// One script, so two processes recording outcomes of the same RP at once never lose a count.
// A success makes the RP healthy from any state (it answered); failures climb healthy → degraded → paused.
const RECORD = `
local state = redis.call('HGET', KEYS[1], 'state') or 'healthy'
local streak = tonumber(redis.call('HGET', KEYS[1], 'streak') or '0')
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'uri', ARGV[7])
local nextState = state
if ARGV[2] == '1' then
  streak = 0
  nextState = 'healthy'
else
  streak = streak + 1
  redis.call('HSET', KEYS[1], 'lastError', ARGV[4], 'lastErrorAt', ARGV[3])
  if streak >= tonumber(ARGV[6]) then nextState = 'paused'
  elseif streak >= tonumber(ARGV[5]) and state == 'healthy' then nextState = 'degraded' end
end
redis.call('HSET', KEYS[1], 'streak', streak)
if nextState ~= state or redis.call('HEXISTS', KEYS[1], 'since') == 0 then
  redis.call('HSET', KEYS[1], 'state', nextState, 'since', ARGV[3])
end
if nextState == 'healthy' then redis.call('SREM', KEYS[3], ARGV[1]) else redis.call('SADD', KEYS[3], ARGV[1]) end
return {state, nextState}
`;

const RESUME = `
local state = redis.call('HGET', KEYS[1], 'state') or 'healthy'
redis.call('HSET', KEYS[1], 'state', 'healthy', 'streak', 0, 'since', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return state
`;

/** A state change made by the store. */
export interface RpHealthTransition {
  readonly from: RpHealthState;
  readonly to: RpHealthState;
}

/**
 * RP health in the Redis of the delivery queue (keys under the queue's prefix), so every process of the OP
 * sees one state per RP without a migration; losing it (a Redis flush) only makes every RP healthy again.
 */
@Injectable()
export class RpHealthStore {
  // By SHA once Redis has them: sending the text with every attempt cost more CPU, here and in Redis, than the
  // rest of the command.
  private readonly recordScript = new CachedScript(RECORD);
  private readonly resumeScript = new CachedScript(RESUME);

  constructor(@Inject(BCL_QUEUE) private readonly queue: Queue) {}

  /** `true` when Redis is down (a command would be buffered, not answered). */
  isOffline(): boolean {
    return isQueueOffline(this.queue);
  }

  /** Record one attempt's outcome; `failure` is `null` for a success. */
  async record(
    clientId: string,
    uri: string,
    failure: string | null,
    thresholds: { degradeAfter: number; pauseAfter: number },
    now = Date.now(),
  ): Promise<RpHealthTransition> {
    const [from, to] = (await this.recordScript.run(this.redis, this.keys(clientId), [
      clientId,
      failure === null ? '1' : '0',
      now,
      failure ?? '',
      thresholds.degradeAfter,
      thresholds.pauseAfter,
      uri,
    ])) as [RpHealthState, RpHealthState];
    return { from, to };
  }

  /** Make `clientId` healthy; resolves to the state it had. */
  async resume(clientId: string, now = Date.now()): Promise<RpHealthState> {
    return (await this.resumeScript.run(this.redis, this.keys(clientId), [
      clientId,
      now,
    ])) as RpHealthState;
  }

  /** Just the state (`healthy` when never recorded). */
  async state(clientId: string): Promise<RpHealthState> {
    return (await this.snapshot(clientId)).state;
  }

  /**
   * The state, and `cleanAt`: the URI at which a success would change nothing (healthy, no failure streak,
   * that URI recorded; see RECORD), or `null`. One round trip, like {@link state}.
   */
  async snapshot(clientId: string): Promise<{ state: RpHealthState; cleanAt: string | null }> {
    const [state, streak, uri, since] = await this.redis.hmget(
      this.key(clientId),
      'state',
      'streak',
      'uri',
      'since',
    );
    const clean = state === 'healthy' && streak === '0' && since !== null;
    return { state: (state as RpHealthState | null) ?? 'healthy', cleanAt: clean ? uri : null };
  }

  /** The RPs that are degraded or paused. */
  unhealthy(): Promise<string[]> {
    return this.redis.smembers(this.badKey);
  }

  /** The URI the RP's last attempt went to (for the probe). */
  uri(clientId: string): Promise<string | null> {
    return this.redis.hget(this.key(clientId), 'uri');
  }

  async get(clientId: string): Promise<RpHealthRecord | null> {
    const h = await this.redis.hgetall(this.key(clientId));
    if (!h.state) return null;
    return {
      clientId,
      state: h.state as RpHealthState,
      since: new Date(Number(h.since)),
      consecutiveFailures: Number(h.streak ?? 0),
      lastError: h.lastError || null,
      lastErrorAt: h.lastErrorAt ? new Date(Number(h.lastErrorAt)) : null,
    };
  }

  async list(): Promise<RpHealthRecord[]> {
    const ids = (await this.redis.smembers(this.allKey)).sort();
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is RpHealthRecord => r !== null);
  }

  /** One process at a time probes an RP: `true` when this call took the lock for `ttlMs`. */
  async lockProbe(clientId: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.redis.set(
        this.queue.toKey(`rp-health:probe:${clientId}`),
        '1',
        'PX',
        ttlMs,
        'NX',
      )) === 'OK'
    );
  }

  private get redis(): Queue['client'] {
    return this.queue.client;
  }

  private key(clientId: string): string {
    return this.queue.toKey(`rp-health:rp:${clientId}`);
  }

  /** The keys RECORD and RESUME touch: the RP's hash, the set of all RPs, the set of unhealthy ones. */
  private keys(clientId: string): string[] {
    return [this.key(clientId), this.allKey, this.badKey];
  }

  private get allKey(): string {
    return this.queue.toKey('rp-health:all');
  }

  private get badKey(): string {
    return this.queue.toKey('rp-health:unhealthy');
  }
}

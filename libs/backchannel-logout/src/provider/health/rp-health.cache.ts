import { RpHealthState } from './rp-health.interface';

interface KnownRp {
  readonly state: RpHealthState;
  /** Redis holds `healthy`, no failure streak and this URI: a success there changes nothing. */
  readonly cleanAt: string | null;
  readonly until: number;
}

/**
 * What this process last saw of each RP's health, trusted for `ttlMs` (`health.stateCacheMs`). States
 * change rarely, and an attempt or a bounded wait asking Redis every time costs a round trip each: with
 * 10 RPs, 20 commands an end_session. A change made by this process is remembered at once; one made by
 * another process is seen at most `ttlMs` late (a degraded RP may be waited for, or a success not
 * re-written, during that window); the service never acts on a remembered `paused`. `ttlMs` 0 remembers
 * nothing.
 */
export class RpHealthCache {
  private readonly rps = new Map<string, KnownRp>();
  private unhealthy: { readonly ids: readonly string[]; readonly until: number } | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state last seen for `clientId`, or `undefined` when unknown or older than the TTL. */
  state(clientId: string): RpHealthState | undefined {
    return this.fresh(clientId)?.state;
  }

  /** `true` when a success at `uri` would leave Redis as it is (healthy, no streak, same URI). */
  isClean(clientId: string, uri: string): boolean {
    const known = this.fresh(clientId);
    return known?.state === 'healthy' && known.cleanAt === uri;
  }

  /** Remember `state` for `clientId`; `cleanAt`: the URI of a success just written (no streak left). */
  remember(clientId: string, state: RpHealthState, cleanAt: string | null = null): void {
    if (this.ttlMs === 0) return;
    this.rps.set(clientId, { state, cleanAt, until: this.now() + this.ttlMs });
  }

  /** `clientId` changed state in this process: remember it, and drop the unhealthy list. */
  changed(clientId: string, to: RpHealthState, cleanAt: string | null = null): void {
    this.unhealthy = null;
    this.remember(clientId, to, cleanAt);
  }

  /** The degraded and paused RPs last read, or `undefined` when older than the TTL or dropped. */
  unhealthyClients(): readonly string[] | undefined {
    const list = this.unhealthy;
    return list && list.until > this.now() ? list.ids : undefined;
  }

  /** Remember the degraded and paused RPs just read from Redis. */
  rememberUnhealthy(ids: readonly string[]): void {
    if (this.ttlMs === 0) return;
    this.unhealthy = { ids, until: this.now() + this.ttlMs };
  }

  private fresh(clientId: string): KnownRp | undefined {
    const known = this.rps.get(clientId);
    if (!known) return undefined;
    if (known.until > this.now()) return known;
    this.rps.delete(clientId);
    return undefined;
  }
}

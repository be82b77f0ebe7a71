import { BackchannelLogoutService } from '../provider/logout/backchannel-logout.service';
import {
  BackchannelLogoutResult,
  LogoutDeliverySummary,
  LogoutWaitResult,
} from '../provider/logout/logout-result.interface';
import { OidcProviderSessionRegistry } from './oidc-provider-session.registry';

/** One back-channel logout node-oidc-provider (or the host) asks for: this client, `sub` and `sid`. */
export interface OidcProviderLogoutCall {
  readonly clientId: string;
  /** node-oidc-provider's `accountId`: calls of one account made in one turn are stored together. */
  readonly accountId: string;
  /** The `sub` of this client's tokens (pairwise when configured); computed while the turn goes on. */
  readonly sub: Promise<string>;
  readonly sid: string | null;
}

/** What one call gets: its own deliveries and skips, in the logout of its batch. */
export interface OidcProviderLogoutOutcome {
  readonly result: BackchannelLogoutResult;
  /** The bounded wait on the batch's logout (shared by its calls), narrowed to this call's deliveries. */
  wait(timeoutMs: number): Promise<readonly LogoutDeliverySummary[]>;
}

interface Waiting {
  readonly call: OidcProviderLogoutCall;
  readonly resolve: (outcome: OidcProviderLogoutOutcome) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Stores the logout calls of one account made in one event-loop turn as one logout
 * ({@link BackchannelLogoutService.logoutMany}): node-oidc-provider's end_session calls
 * `client.backchannelLogout(accountId, sid)` once per client, each with that client's own `sid`, all in one
 * turn when its clients are static. One outbox write (one commit, one enqueue) and one bounded wait then
 * serve every RP of the session, instead of one of each per RP taking turns on the database; each call still
 * gets exactly its own delivery (its client, `sub` and `sid`) and settles on it.
 */
export class OidcProviderLogoutBatcher {
  private readonly open = new Map<string, Waiting[]>();
  /** Tail of the batches with sub-only calls: each starts after the previous one is stored. */
  private subOnly: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly service: () => BackchannelLogoutService,
    private readonly sessions: OidcProviderSessionRegistry,
  ) {}

  /** Store `call`'s delivery with the other calls of its account and `reason` made in this turn. */
  logout(call: OidcProviderLogoutCall, reason: string): Promise<OidcProviderLogoutOutcome> {
    // Awaited (and a failure handed to this call) when the batch is flushed, at the end of the turn.
    call.sub.catch(() => undefined);
    return new Promise((resolve, reject) => {
      const key = JSON.stringify([reason, call.accountId]);
      let batch = this.open.get(key);
      if (!batch) {
        this.open.set(key, (batch = []));
        setImmediate(() => {
          this.open.delete(key);
          void this.flush(batch!, reason);
        });
      }
      batch.push({ call, resolve, reject });
    });
  }

  private async flush(batch: Waiting[], reason: string): Promise<void> {
    const subs = await Promise.allSettled(batch.map((w) => w.call.sub));
    const ready: Array<Waiting & { readonly sub: string }> = [];
    subs.forEach((s, i) => {
      if (s.status === 'fulfilled') ready.push({ ...batch[i], sub: s.value });
      else batch[i].reject(s.reason);
    });
    if (ready.length === 0) return;
    const store = () => this.store(ready, reason);
    // A sub-only call reads the registry by `sub`, which another batch's sub-only calls share: one batch
    // at a time, so each batch takes only its own announcements. Calls with a sid run at once.
    let stored: Promise<BackchannelLogoutResult>;
    if (ready.every((w) => w.call.sid)) stored = store();
    else {
      stored = this.subOnly.then(store);
      this.subOnly = stored.catch(() => undefined);
    }
    let result: BackchannelLogoutResult;
    try {
      result = await stored;
    } catch (err) {
      for (const w of ready) w.reject(err);
      return;
    }
    const waits = new Map<number, Promise<LogoutWaitResult>>();
    const shared = (ms: number) => {
      let waited = waits.get(ms);
      if (!waited) waits.set(ms, (waited = this.service().waitForDeliveries(result.logoutId, ms)));
      return waited;
    };
    for (const w of ready) {
      const own = (d: LogoutDeliverySummary) =>
        d.clientId === w.call.clientId && d.sid === w.call.sid;
      w.resolve({
        result: {
          ...result,
          deliveries: result.deliveries.filter(own),
          skipped: result.skipped.filter((s) => s.clientId === w.call.clientId),
        },
        wait: async (ms) => (await shared(ms)).deliveries.filter(own),
      });
    }
  }

  private async store(
    ready: ReadonlyArray<Waiting & { readonly sub: string }>,
    reason: string,
  ): Promise<BackchannelLogoutResult> {
    const sids = new Set<string>();
    const subs = new Set<string>();
    for (const { call, sub } of ready) {
      await this.sessions.record({ sid: call.sid, sub, clientId: call.clientId });
      if (call.sid) sids.add(call.sid);
      else subs.add(sub);
    }
    try {
      return await this.service().logoutMany({ sids: [...sids], subs: [...subs], reason });
    } finally {
      // Already removed by the service once stored; this only covers a call that failed before that.
      for (const sid of sids) await this.sessions.removeBySid(sid);
      for (const sub of subs) await this.sessions.removeBySub(sub);
    }
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BCL_EVENT_EMITTER,
  BclEventEmitter,
} from '../../common/events/optional-event-emitter.provider';
import { DataSource } from 'typeorm';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BCL_DATA_SOURCE } from '../backchannel-logout.tokens';
import { BackchannelLogoutService } from '../logout/backchannel-logout.service';
import { TypeOrmSessionActivityStore } from '../sessions/typeorm-session-activity.store';
import { SESSION_END_REASONS } from './session-end.reasons';
import { ExpiredSession, SessionExpirySource } from './session-expiry-source.interface';
import { BCL_EXPIRY_SOURCES, BCL_SESSION_ACTIVITY_STORE } from './session-expiry.tokens';
import {
  SESSION_LIFECYCLE_EVENTS,
  SessionExpiredEvent,
  SessionExpiredListener,
} from './session-lifecycle.events';

/** A run asks each source at most this many batches, so a source that never runs dry cannot loop forever. */
const MAX_BATCHES_PER_RUN = 1000;

/** Ends claimed expired sessions through the normal logout pipeline (internal; see SessionLifecycleService). */
@Injectable()
export class SessionExpiryRunner {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly listeners = new Set<SessionExpiredListener>();
  /** SQLite: the one connection cannot hold two transactions at once, so this process's logouts queue up. */
  private readonly serialize: boolean;
  private tail: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    @Inject(BCL_SESSION_ACTIVITY_STORE) private readonly store: TypeOrmSessionActivityStore,
    @Inject(BCL_EXPIRY_SOURCES) private readonly sources: SessionExpirySource[],
    @Inject(BCL_EVENT_EMITTER) private readonly events: BclEventEmitter | null,
    private readonly logout: BackchannelLogoutService,
    @Inject(BCL_DATA_SOURCE) dataSource: DataSource,
  ) {
    this.serialize = ['better-sqlite3', 'sqlite', 'sqljs'].includes(dataSource.options.type);
  }

  /** Run a logout call, one at a time per process on SQLite (see `serialize`). */
  exclusive<T>(call: () => Promise<T>): Promise<T> {
    if (!this.serialize) return call();
    const result = this.tail.then(call, call);
    this.tail = result.catch(() => undefined);
    return result;
  }

  onExpired(listener: SessionExpiredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shutdown: a run ends after its current batch (every session it claimed is ended and notified). */
  stop(): void {
    this.stopping = true;
  }

  /** One pass over every source, batch by batch; returns how many sessions were ended. */
  async run(): Promise<number> {
    const { batchSize, clock } = this.config.sessionLifetime;
    let ended = 0;
    for (const source of this.sources) {
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !this.stopping; batch++) {
        const claimed = await source.claimExpired(batchSize, clock());
        for (const session of claimed) {
          if (await this.finish(source, session)) ended++;
        }
        if (claimed.length < batchSize) break;
      }
    }
    if (ended > 0) this.logger.log(`session expiry: ${ended} expired session(s) ended`);
    return ended;
  }

  /**
   * A claimed session: tell the host, then the RPs. If the logout cannot be stored the claim is undone
   * and the error stops the run, so the next run tries again instead of the session being forgotten.
   */
  async finish(source: SessionExpirySource, session: ExpiredSession): Promise<boolean> {
    const reason = session.reason ?? SESSION_END_REASONS.expired;
    const { sid } = session;
    if (source !== this.store) {
      // A host-claimed session that the library also tracks: whoever ended it first notified.
      if (
        (await this.store.markEnded(sid, reason, this.config.sessionLifetime.clock())) ===
        'already_ended'
      )
        return false;
    }
    const event = new SessionExpiredEvent(sid, reason);
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (err) {
        // The RPs are told below either way; a host failure must not leave them logged in.
        this.logger.error(
          `session expiry listener failed for a session: ${(err as Error).message}`,
        );
      }
    }
    this.events?.emit(SESSION_LIFECYCLE_EVENTS.sessionExpired, event);
    try {
      await this.exclusive(() => this.logout.logoutSession({ sid, reason }));
    } catch (err) {
      await source.release?.(sid);
      throw err;
    }
    return true;
  }
}

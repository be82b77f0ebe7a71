import { Inject } from '@nestjs/common';

/** One OP session an expiry source found past its lifetime and claimed for ending. */
export interface ExpiredSession {
  readonly sid: string;
  /** Audit reason of the logout. Default `session_expired`. */
  readonly reason?: string;
}

/**
 * Port: where the scheduled expiry job finds expired OP sessions, for a host that knows its own session
 * lifetimes (instead of, or in addition to, the `sessionLifetime.idleSeconds/absoluteSeconds` options).
 *
 * `claimExpired` must be atomic per session: a sid it returns is marked as ended (or claimed) in the same
 * step, so another run — in this process or another — never returns it again. The job asks in batches of
 * `limit` until a batch comes back shorter; never load every session at once.
 *
 * @example
 * \@Injectable()
 * class MySessionExpiry implements SessionExpirySource {
 *   async claimExpired(limit: number, now: Date) {
 *     const sids = await this.sessions.endIdleSince(new Date(now.getTime() - IDLE_MS), limit);
 *     return sids.map((sid) => ({ sid, reason: 'session_expired' }));
 *   }
 * }
 */
export interface SessionExpirySource {
  /** Claim up to `limit` sessions that expired at `now`; each one is returned by exactly one call. */
  claimExpired(limit: number, now: Date): Promise<readonly ExpiredSession[]>;
  /**
   * Optional: the logout of a claimed session could not be stored (database or client store down). Undo
   * the claim so a later run ends it; otherwise the session is ended without its RPs being told.
   */
  release?(sid: string): Promise<void>;
}

/** Injection token of the {@link SessionExpirySource} port. */
export const SessionExpirySource = Symbol('SessionExpirySource');

/** `@InjectSessionExpirySource() source: SessionExpirySource` */
export const InjectSessionExpirySource = (): ParameterDecorator => Inject(SessionExpirySource);

/**
 * Events the lifecycle emits (for `@nestjs/event-emitter`, when the host uses it).
 *
 * @example
 * \@OnEvent(SESSION_LIFECYCLE_EVENTS.sessionExpired) onExpired(e: SessionExpiredEvent) { ... }
 */
export const SESSION_LIFECYCLE_EVENTS = {
  /** Module → host: the library ended an OP session past its lifetime. Payload {@link SessionExpiredEvent}. */
  sessionExpired: 'backchannel-logout.session-expired',
} as const;

/** An OP session the library ended because it outlived its lifetime (expiry job, or `touch()`). */
export class SessionExpiredEvent {
  constructor(
    readonly sid: string,
    /** `session_expired_idle`, `session_expired_absolute`, or the expiry source's reason. */
    readonly reason: string,
  ) {}
}

/** A host callback for {@link SessionExpiredEvent}s (see `SessionLifecycleService.onExpired`). */
export type SessionExpiredListener = (event: SessionExpiredEvent) => Promise<void> | void;

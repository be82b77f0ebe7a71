import type { VerifiedLogoutToken } from '../../token/verified-logout-token.interface';
import type { SessionTerminationResult, SessionTerminator } from '../session-terminator.interface';
import type { LogoutMarker, LogoutMarkerStore } from './logout-marker-store.interface';

/**
 * Ends stateless sessions lazily: records a marker that `LogoutMarkerGuard`/`LogoutMarkerMiddleware` check on
 * the session's next request. A `sid` token marks only that OP session (never widened to the user, BCL §2.7);
 * a `sub`-only token marks the user, with the token's `iat`, so sessions authenticated later survive (SET §5.4).
 */
export class LogoutMarkerTerminator implements SessionTerminator {
  constructor(
    private readonly store: LogoutMarkerStore,
    private readonly ttlSeconds: number,
  ) {}

  async terminate(token: VerifiedLogoutToken): Promise<SessionTerminationResult> {
    const marker: LogoutMarker =
      token.sid !== undefined
        ? {
            kind: 'sid',
            iss: token.iss,
            sid: token.sid,
            iat: token.iat,
            ...(token.sub ? { sub: token.sub } : {}),
          }
        : { kind: 'sub', iss: token.iss, sub: token.sub as string, iat: token.iat };
    await this.store.mark(marker, this.ttlSeconds);
    return { endedSessionIds: [] };
  }
}

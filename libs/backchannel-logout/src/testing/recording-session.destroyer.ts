import type { SessionDestroyer } from '../receiver/sessions/index/session-destroyer.interface';

/**
 * A `SessionDestroyer` for tests: remembers every session id it was asked to destroy, in order, so a test can
 * assert exactly which local sessions a Logout Token ended.
 */
export class RecordingSessionDestroyer implements SessionDestroyer {
  /** The destroyed session ids, in the order the receiver destroyed them. */
  readonly destroyed: string[] = [];

  destroy(sessionId: string): Promise<void> {
    this.destroyed.push(sessionId);
    return Promise.resolve();
  }
}

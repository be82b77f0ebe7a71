/**
 * Port: destroys one local session by id, at once (e.g. `store.destroy(id)` of express-session).
 * Destroying a session that no longer exists must succeed (BCL §2.7: already logged out is success).
 */
export interface SessionDestroyer {
  destroy(sessionId: string): Promise<void>;
}

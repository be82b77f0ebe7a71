import type { SessionDestroyer } from './session-destroyer.interface';

/** The part of an express-session `Store` this adapter uses (connect-redis, connect-pg-simple, ...). */
export interface ExpressSessionStoreLike {
  destroy(sid: string, callback?: (err?: unknown) => void): void;
}

/**
 * A `SessionDestroyer` for any express-session store: `store.destroy(id, cb)`.
 *
 * @example
 * const sessionStore = new RedisStore({ client: redis, prefix: 'sess:' });
 * app.use(session({ store: sessionStore, ... }));
 * // receiver options:
 * sessions: { index: { store: sessionIndexStore, destroyer: new ExpressSessionDestroyer(sessionStore) } }
 */
export class ExpressSessionDestroyer implements SessionDestroyer {
  constructor(private readonly store: ExpressSessionStoreLike) {}

  destroy(sessionId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.store.destroy(sessionId, (err) => (err ? reject(toError(err)) : resolve()));
    });
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

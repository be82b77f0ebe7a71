import type { Request } from 'express';

type Callback = (done: (err?: unknown) => void) => void;

function promisify(run: Callback): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    run((err) =>
      err
        ? reject(err instanceof Error ? err : new Error('session store error', { cause: err }))
        : resolve(),
    ),
  );
}

/** express-session's callback API as promises (both sample apps keep their sessions in Redis). */
export const regenerateSession = (req: Request) =>
  promisify((done) => req.session.regenerate(done));
export const saveSession = (req: Request) => promisify((done) => req.session.save(done));
export const destroySession = (req: Request) => promisify((done) => req.session.destroy(done));

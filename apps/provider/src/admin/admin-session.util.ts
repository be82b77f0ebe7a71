import type { Request } from 'express';
import { AdminFlash } from './admin-session-data';

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

export const regenerate = (req: Request) => promisify((done) => req.session.regenerate(done));
export const save = (req: Request) => promisify((done) => req.session.save(done));
export const destroy = (req: Request) => promisify((done) => req.session.destroy(done));

/** Stores a one-time message for the next page and saves the session (before a redirect). */
export async function flash(req: Request, message: AdminFlash): Promise<void> {
  req.session.adminFlash = message;
  await save(req);
}

/** Takes the one-time message, if any. */
export function takeFlash(req: Request): AdminFlash | undefined {
  const message = req.session.adminFlash;
  delete req.session.adminFlash;
  return message;
}

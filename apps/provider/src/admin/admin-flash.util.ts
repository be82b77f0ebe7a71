import type { Request } from 'express';
import { saveSession } from '../../../shared/session.util';
import { AdminFlash } from './admin-session-data';

/** Stores a one-time message for the next page and saves the session (before a redirect). */
export async function flash(req: Request, message: AdminFlash): Promise<void> {
  req.session.adminFlash = message;
  await saveSession(req);
}

/** Takes the one-time message, if any. */
export function takeFlash(req: Request): AdminFlash | undefined {
  const message = req.session.adminFlash;
  delete req.session.adminFlash;
  return message;
}

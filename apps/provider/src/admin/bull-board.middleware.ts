import type { NextFunction, Request, Response } from 'express';
import { isAdmin } from './admin-auth.guard';
import { AdminSessionHandler } from './admin-session.handler';

/** Bull Board behind the same sign-in as the rest of the admin UI. */
export function bullBoardAuth(sessions: AdminSessionHandler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    sessions.handle(req, res, () => {
      if (isAdmin(req)) return next();
      res.redirect(303, '/admin/login');
    });
  };
}

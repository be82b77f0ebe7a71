import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AdminSessionHandler } from './admin-session.handler';

@Injectable()
export class AdminSessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: AdminSessionHandler) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.sessions.handle(req, res, next);
  }
}

import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { rejectLoggedOut } from './logout-marker.guard';
import { LogoutMarkerService } from './logout-marker.service';

/**
 * The middleware form of `LogoutMarkerGuard`, for routes outside Nest's guard pipeline.
 *
 * @example
 * configure(consumer: MiddlewareConsumer) { consumer.apply(LogoutMarkerMiddleware).forRoutes('*'); }
 */
@Injectable()
export class LogoutMarkerMiddleware implements NestMiddleware {
  constructor(private readonly markers: LogoutMarkerService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    await rejectLoggedOut(this.markers, req, res);
    next();
  }
}

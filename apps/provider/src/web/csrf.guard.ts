import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CsrfService } from './csrf.service';

/** Refuses a state-changing form post whose CSRF token is missing or wrong (403). */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    if (this.csrf.verify(req)) return true;
    throw new ForbiddenException(
      'The form has expired or was sent from another site. Go back, reload the page and try again.',
    );
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';

/** Thrown when an admin page is requested without an admin session; the filter redirects to sign-in. */
export class AdminSignInRequired extends Error {
  override readonly name = 'AdminSignInRequired';
}

export function isAdmin(req: Request): boolean {
  return typeof req.session?.adminUser === 'string';
}

@Injectable()
export class AdminAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (isAdmin(context.switchToHttp().getRequest<Request>())) return true;
    throw new AdminSignInRequired('Sign in to use the administration pages.');
  }
}

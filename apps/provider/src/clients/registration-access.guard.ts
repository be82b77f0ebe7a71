import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { OAuthError } from '../oidc/oauth.error';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * RFC 7591 §3: registration needs the initial access token (REGISTRATION_ACCESS_TOKEN) as a Bearer token,
 * so only the OP's administrators register clients. Without the setting the endpoint does not exist (404).
 */
@Injectable()
export class RegistrationAccessGuard implements CanActivate {
  constructor(@InjectProviderConfig() private readonly config: ProviderConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.registrationAccessToken;
    if (!expected) throw new NotFoundException('Client registration is not enabled on this OP.');
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer ([\x21-\x7E]+)$/.exec(header);
    // Equal-length digests: the comparison takes the same time whatever was sent.
    if (match && timingSafeEqual(digest(match[1]), digest(expected))) return true;
    throw new OAuthError('invalid_token', 'a valid initial access token is required', 401, {
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
  }
}

import { ExecutionContext, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ProviderConfig, RateLimits } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { OAuthError } from '../oidc/oauth.error';
import { readParam } from './request-params';
import { RATE_LIMIT_THROTTLERS } from './rate-limit.options';

/** Which limits of `ProviderConfig.rateLimits` a route uses. */
export type RateLimitKind = keyof Omit<RateLimits, 'windowSeconds'>;

const RATE_LIMIT_KIND = 'provider:rate-limit-kind';
const ACCOUNT = 'account:';

/** Marks a route for `RateLimitGuard` (use both: `@RateLimit('signIn') @UseGuards(RateLimitGuard)`). */
export const RateLimit = (kind: RateLimitKind) => SetMetadata(RATE_LIMIT_KIND, kind);

/**
 * Brute-force brake for sign-in and the token endpoint: counts per client address and per account
 * (the username sent, or the client_id), answers 429 with `Retry-After`, and logs the refusal with
 * the client address (never the password, nor the account name).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const kind = this.kindOf(props.context);
    const limits = this.config.rateLimits[kind];
    if (props.throttler.name !== RATE_LIMIT_THROTTLERS.account) {
      return super.handleRequest({ ...props, limit: limits.perIp });
    }
    return super.handleRequest({
      ...props,
      limit: limits.perAccount,
      getTracker: (req) => Promise.resolve(ACCOUNT + accountOf(kind, req as Request)),
    });
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const kind = this.kindOf(context);
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    http.getResponse<Response>().set('Retry-After', retryAfter);
    const per = detail.tracker.startsWith(ACCOUNT) ? 'account' : 'client address';
    this.log.warn(
      `Too many ${kind === 'token' ? 'token' : 'sign-in'} requests (${detail.limit} per ` +
        `${this.config.rateLimits.windowSeconds} s per ${per}) from ${req.ip ?? 'unknown address'} ` +
        `to ${req.path}: refused with 429, retry after ${retryAfter} s`,
    );
    if (kind === 'token') {
      // RFC 6749 §5.2 has no code for this; temporarily_unavailable says "come back later".
      throw new OAuthError('temporarily_unavailable', 'too many requests, retry later', 429, {
        'Retry-After': retryAfter,
      });
    }
    throw new ThrottlerException('Too many sign-in attempts. Wait a moment and try again.');
  }

  private kindOf(context: ExecutionContext): RateLimitKind {
    return (
      this.reflector.get<RateLimitKind | undefined>(RATE_LIMIT_KIND, context.getHandler()) ??
      'signIn'
    );
  }
}

/** The account a request is about: the client_id at the token endpoint, the username at sign-in. */
function accountOf(kind: RateLimitKind, req: Request): string {
  try {
    if (kind === 'token') {
      const basic = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(req.headers.authorization ?? '');
      if (basic) {
        const id = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
        return `client:${decodeURIComponent(id)}`;
      }
      return `client:${readParam(req.body, 'client_id') ?? ''}`;
    }
    return `user:${(readParam(req.body, 'username') ?? '').trim().toLowerCase()}`;
  } catch {
    // A repeated parameter or bad encoding: the handler refuses it; count it under one name.
    return 'malformed';
  }
}

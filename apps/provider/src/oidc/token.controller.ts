import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { RateLimit, RateLimitGuard } from '../web/rate-limit.guard';
import type { Request } from 'express';
import { ClientAuthService } from './client-auth.service';
import { OAuthError } from './oauth.error';
import { TokenResponse } from './token-response';
import { TokenService } from './token.service';

/** Token endpoint (RFC 6749 §3.2): form-encoded POST, JSON answers, never cached. */
@Controller('token')
export class TokenController {
  constructor(
    private readonly clientAuth: ClientAuthService,
    private readonly tokens: TokenService,
  ) {}

  @Post()
  @HttpCode(200)
  @RateLimit('token')
  @UseGuards(RateLimitGuard)
  async token(@Req() req: Request): Promise<TokenResponse> {
    if (!req.is('application/x-www-form-urlencoded')) {
      throw OAuthError.invalidRequest('the request body must be application/x-www-form-urlencoded');
    }
    const client = await this.clientAuth.authenticate(req);
    const response = await this.tokens.grant(client, req.body);
    req.res?.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    return response;
  }
}

import { All, Controller, Req } from '@nestjs/common';
import type { Request } from 'express';
import { OpSessionService } from '../sessions/op-session.service';
import { AccessTokenService } from '../tokens/access-token.service';
import { GrantRevocationService } from '../tokens/grant-revocation.service';
import { hasOfflineAccess } from '../tokens/refresh-token.service';
import { userClaims } from '../users/user-claims';
import { UserService } from '../users/user.service';
import { OAuthError } from './oauth.error';

const invalidToken = (description: string) =>
  new OAuthError('invalid_token', description, 401, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
  });

/** UserInfo endpoint (OIDC Core §5.3), GET or POST with a Bearer access token. */
@Controller('userinfo')
export class UserinfoController {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly users: UserService,
    private readonly sessions: OpSessionService,
    private readonly grants: GrantRevocationService,
  ) {}

  @All()
  async userinfo(@Req() req: Request): Promise<Record<string, unknown>> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      throw new OAuthError('invalid_request', 'use GET or POST', 405);
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match) {
      throw new OAuthError('invalid_request', 'a Bearer access token is required', 401, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const claims = await this.accessTokens.verify(match[1]);
    if (!claims) throw invalidToken('the access token is invalid or expired');
    // RFC 6749 §4.1.2 / RFC 9700 §4.14.2: a code redeemed twice or a replayed refresh token revokes
    // the grant, and the access tokens issued from it with it.
    if (claims.grantId && (await this.grants.isRevoked(claims.grantId))) {
      throw invalidToken('the grant this access token was issued from has been revoked');
    }
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabled) throw invalidToken('the user account is disabled');
    // Like the refresh tokens (BCL §2.7): without offline_access, access ends with the session.
    if (!hasOfflineAccess(claims.scope) && !(await this.sessions.isActive(claims.sid))) {
      throw invalidToken('the session this token belongs to has ended');
    }
    req.res?.set('Cache-Control', 'no-store');
    return { sub: user.id, ...userClaims(user, claims.scope) };
  }
}

import { Injectable } from '@nestjs/common';
import { OidcClient } from '../clients/oidc-client.entity';
import { OpSessionService } from '../sessions/op-session.service';
import { AuthorizationCodeService } from '../tokens/authorization-code.service';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { UserService } from '../users/user.service';
import { readParam } from '../web/request-params';
import { OAuthError } from './oauth.error';
import { isWellFormedVerifier, verifierMatches } from './pkce.util';
import { TokenIssuerService } from './token-issuer.service';
import { TokenResponse } from './token-response';

/** The two grants of the token endpoint: authorization_code (with PKCE) and refresh_token. */
@Injectable()
export class TokenService {
  constructor(
    private readonly codes: AuthorizationCodeService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly sessions: OpSessionService,
    private readonly users: UserService,
    private readonly issuer: TokenIssuerService,
  ) {}

  grant(client: OidcClient, body: unknown): Promise<TokenResponse> {
    const grantType = readParam(body, 'grant_type');
    if (grantType === 'authorization_code') return this.authorizationCode(client, body);
    if (grantType === 'refresh_token') return this.refreshToken(client, body);
    if (!grantType) throw OAuthError.invalidRequest('grant_type is required');
    throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }

  private async authorizationCode(client: OidcClient, body: unknown): Promise<TokenResponse> {
    const code = readParam(body, 'code');
    const redirectUri = readParam(body, 'redirect_uri');
    const verifier = readParam(body, 'code_verifier');
    if (!code) throw OAuthError.invalidRequest('code is required');
    if (!redirectUri) throw OAuthError.invalidRequest('redirect_uri is required');
    if (!verifier) throw OAuthError.invalidRequest('PKCE is required: send code_verifier');
    if (!isWellFormedVerifier(verifier)) {
      throw OAuthError.invalidRequest('code_verifier must be 43 to 128 unreserved characters');
    }
    const grant = await this.codes.consume(code);
    if (!grant || grant.clientId !== client.clientId) {
      throw OAuthError.invalidGrant('the authorization code is invalid, expired or already used');
    }
    if (grant.redirectUri !== redirectUri) {
      throw OAuthError.invalidGrant('redirect_uri differs from the authorization request');
    }
    if (!verifierMatches(verifier, grant.codeChallenge)) {
      throw OAuthError.invalidGrant('code_verifier does not match the code_challenge');
    }
    if (!(await this.sessions.isActive(grant.sid))) {
      throw OAuthError.invalidGrant('the session this code belongs to has ended');
    }
    const user = await this.enabledUser(grant.userId);
    return this.issuer.issue({
      user,
      clientId: client.clientId,
      sid: grant.sid,
      scope: grant.scope,
      authTime: grant.authTime,
      nonce: grant.nonce,
    });
  }

  private async refreshToken(client: OidcClient, body: unknown): Promise<TokenResponse> {
    const token = readParam(body, 'refresh_token');
    if (!token) throw OAuthError.invalidRequest('refresh_token is required');
    const requested = readParam(body, 'scope');
    const grant = await this.refreshTokens.redeem(token, client.clientId);
    if (!grant) throw OAuthError.invalidGrant('the refresh token is invalid, expired or revoked');
    const granted = grant.scope.split(' ');
    const scope = requested ?? grant.scope;
    if (!scope.split(' ').every((s) => granted.includes(s))) {
      throw new OAuthError('invalid_scope', 'the requested scope exceeds the original grant');
    }
    const user = await this.enabledUser(grant.userId);
    // BCL §2.1: the refreshed ID token carries the same sid as the session's first one.
    return this.issuer.issue({
      user,
      clientId: client.clientId,
      sid: grant.sid,
      scope,
      authTime: grant.authTime,
      refreshScope: grant.scope,
    });
  }

  private async enabledUser(id: string) {
    const user = await this.users.findById(id);
    if (!user || user.disabled) throw OAuthError.invalidGrant('the user account is disabled');
    return user;
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { OidcClient } from '../clients/oidc-client.entity';
import { OpSessionService } from '../sessions/op-session.service';
import { AuthorizationCodeService } from '../tokens/authorization-code.service';
import { GrantRevocationService } from '../tokens/grant-revocation.service';
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
  private readonly logger = new Logger('Token');

  constructor(
    private readonly codes: AuthorizationCodeService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly grants: GrantRevocationService,
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
    const redemption = await this.codes.consume(code);
    const invalid = 'the authorization code is invalid, expired or already used';
    if (!redemption || redemption.code.clientId !== client.clientId) {
      throw OAuthError.invalidGrant(invalid);
    }
    const grant = redemption.code;
    if (redemption.status === 'reused') {
      // RFC 6749 §4.1.2: a code used twice may have been stolen; revoke what was issued from it, the
      // access tokens included (the grant id is the code's hash, see TokenIssuerService).
      const revoked = await this.grants.revoke(grant.codeHash);
      this.logger.warn(
        `Authorization code of client ${client.clientId} used twice: grant revoked (its access tokens and ${revoked} refresh token(s))`,
      );
      throw OAuthError.invalidGrant(invalid);
    }
    if (grant.redirectUri !== redirectUri) {
      throw OAuthError.invalidGrant('redirect_uri differs from the authorization request');
    }
    if (!verifierMatches(verifier, grant.codeChallenge)) {
      throw OAuthError.invalidGrant('code_verifier does not match the code_challenge');
    }
    const user = await this.enabledUser(grant.userId);
    return this.issuer.issue({
      user,
      clientId: client.clientId,
      sid: grant.sid,
      scope: grant.scope,
      authTime: grant.authTime,
      nonce: grant.nonce,
      familyId: grant.codeHash,
    });
  }

  private async refreshToken(client: OidcClient, body: unknown): Promise<TokenResponse> {
    const token = readParam(body, 'refresh_token');
    if (!token) throw OAuthError.invalidRequest('refresh_token is required');
    const requested = readParam(body, 'scope');
    const redemption = await this.refreshTokens.redeem(token, client.clientId);
    const invalid = 'the refresh token is invalid, expired or revoked';
    if (!redemption) throw OAuthError.invalidGrant(invalid);
    const grant = redemption.token;
    if (redemption.status === 'reused') {
      // RFC 9700 §4.14.2: a rotated token presented again means two holders; end the whole grant.
      const revoked = grant.familyId ? await this.grants.revoke(grant.familyId) : 0;
      this.logger.warn(
        `Rotated refresh token of client ${client.clientId} used again: grant revoked (its access tokens and ${revoked} refresh token(s))`,
      );
      throw OAuthError.invalidGrant(invalid);
    }
    // BCL §2.7: only offline_access outlives the OP session (a token may have escaped revocation at logout).
    if (!grant.offlineAccess && !(await this.sessions.isActive(grant.sid))) {
      throw OAuthError.invalidGrant('the session this refresh token belongs to has ended');
    }
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
      familyId: grant.familyId,
      outlivesSession: grant.offlineAccess,
    });
  }

  private async enabledUser(id: string) {
    const user = await this.users.findById(id);
    if (!user || user.disabled) throw OAuthError.invalidGrant('the user account is disabled');
    return user;
  }
}

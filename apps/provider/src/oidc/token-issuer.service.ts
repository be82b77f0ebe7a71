import { Injectable } from '@nestjs/common';
import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { ProviderConfig } from '../config/provider-config';
import { OpSessionService } from '../sessions/op-session.service';
import { InjectProviderConfig } from '../config/provider-config.token';
import { AccessTokenService } from '../tokens/access-token.service';
import { GrantRevocationService } from '../tokens/grant-revocation.service';
import { IdTokenFactory } from '../tokens/id-token.factory';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { OidcUser } from '../users/oidc-user.entity';
import { userClaims } from '../users/user-claims';
import { OAuthError } from './oauth.error';
import { TokenResponse } from './token-response';

export interface IssueInput {
  user: OidcUser;
  clientId: string;
  sid: string;
  scope: string;
  authTime: Date;
  nonce?: string | null;
  /** Scope recorded with the new refresh token (refresh grants keep the original grant's scope). */
  refreshScope?: string;
  /** The grant's refresh-token family (the authorization code's hash), also the access token's `gid`. */
  familyId: string | null;
  /**
   * An offline_access refresh grant: it may be served after the OP session ended, but then without an
   * ID token, and without registering the client in a dead session.
   */
  outlivesSession?: boolean;
}

/** Mints the token set for a grant and records the ID token issuance for back-channel logout. */
@Injectable()
export class TokenIssuerService {
  constructor(
    private readonly idTokens: IdTokenFactory,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly backchannel: BackchannelLogoutService,
    private readonly sessions: OpSessionService,
    private readonly grants: GrantRevocationService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  async issue(input: IssueInput): Promise<TokenResponse> {
    const { user, clientId, sid, scope, authTime } = input;
    const inSession = await this.joinSession(input);
    const idToken = inSession
      ? await this.idTokens.sign({
          sub: user.id,
          clientId,
          sid,
          authTime,
          nonce: input.nonce,
          extraClaims: userClaims(user, scope),
        })
      : undefined;
    const grantId = input.familyId;
    const accessToken = await this.accessTokens.sign({
      sub: user.id,
      clientId,
      scope,
      sid,
      grantId,
    });
    const refreshToken = await this.refreshTokens.issue({
      clientId,
      userId: user.id,
      sid,
      scope: input.refreshScope ?? scope,
      authTime,
      familyId: grantId,
    });
    if (grantId) await this.refuseRevokedGrant(grantId);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.config.tokenTtlSeconds.accessToken,
      ...(idToken ? { id_token: idToken } : {}),
      refresh_token: refreshToken,
      scope,
    };
  }

  /**
   * The grant may have been revoked while this request ran (the code redeemed again, a rotated refresh
   * token replayed). Checked after the new refresh token is stored: a revocation recorded before this
   * check is seen here, one recorded after it revokes the family with the new token in it, and the new
   * access token expires before the record does (`GrantRevocationService.revoke`).
   */
  private async refuseRevokedGrant(grantId: string): Promise<void> {
    if (!(await this.grants.isRevoked(grantId))) return;
    await this.refreshTokens.revokeFamily(grantId);
    throw OAuthError.invalidGrant('the grant was revoked');
  }

  /**
   * BCL §2.3: the OP must know which RPs took part in the session to notify them later. The client is
   * registered first and the session checked after: a logout that ends the session after that check
   * reads the participants after the registration (so it notifies this client); one that ended it
   * before is seen by the check, and the grant fails. No client joins a session once its participants
   * were read. True when the client is now a participant of the live session.
   */
  private async joinSession(input: IssueInput): Promise<boolean> {
    const { sid, user, clientId } = input;
    const ended = () => {
      if (input.outlivesSession) return false;
      throw OAuthError.invalidGrant('the session this grant belongs to has ended');
    };
    // Never register a participant for a session already known dead.
    if (!(await this.sessions.isActive(sid))) return ended();
    await this.backchannel.recordIdTokenIssued({ sid, sub: user.id, clientId });
    if (!(await this.sessions.isActive(sid))) return ended();
    return true;
  }
}

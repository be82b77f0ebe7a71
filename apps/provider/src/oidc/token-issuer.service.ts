import { Injectable } from '@nestjs/common';
import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { AccessTokenService } from '../tokens/access-token.service';
import { IdTokenFactory } from '../tokens/id-token.factory';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { OidcUser } from '../users/oidc-user.entity';
import { userClaims } from '../users/user-claims';
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
}

/** Mints the token set for a grant and records the ID token issuance for back-channel logout. */
@Injectable()
export class TokenIssuerService {
  constructor(
    private readonly idTokens: IdTokenFactory,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly backchannel: BackchannelLogoutService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  async issue(input: IssueInput): Promise<TokenResponse> {
    const { user, clientId, sid, scope, authTime } = input;
    const idToken = await this.idTokens.sign({
      sub: user.id,
      clientId,
      sid,
      authTime,
      nonce: input.nonce,
      extraClaims: userClaims(user, scope),
    });
    // BCL §2.3: the OP must know which RPs took part in the session to notify them later.
    await this.backchannel.recordIdTokenIssued({ sid, sub: user.id, clientId });
    return {
      access_token: await this.accessTokens.sign({ sub: user.id, clientId, scope, sid }),
      token_type: 'Bearer',
      expires_in: this.config.tokenTtlSeconds.accessToken,
      id_token: idToken,
      refresh_token: await this.refreshTokens.issue({
        clientId,
        userId: user.id,
        sid,
        scope: input.refreshScope ?? scope,
        authTime,
      }),
      scope,
    };
  }
}

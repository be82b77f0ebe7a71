import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { RefreshToken } from './refresh-token.entity';
import { hashOpaqueToken, newOpaqueToken } from './token-hash.util';

export type RefreshGrant = Pick<RefreshToken, 'clientId' | 'userId' | 'sid' | 'scope' | 'authTime'>;

export const hasOfflineAccess = (scope: string) => scope.split(' ').includes('offline_access');

@Injectable()
export class RefreshTokenService {
  constructor(
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  async issue(grant: RefreshGrant): Promise<string> {
    const { token, hash } = newOpaqueToken();
    await this.tokens.insert({
      ...grant,
      tokenHash: hash,
      offlineAccess: hasOfflineAccess(grant.scope),
      expiresAt: new Date(Date.now() + this.config.tokenTtlSeconds.refreshToken * 1000),
      revokedAt: null,
    });
    return token;
  }

  /**
   * Rotation: the presented token is revoked (conditionally, so it can be used once) and its grant
   * returned for a new one. Null when unknown, revoked, expired or issued to another client.
   */
  async redeem(token: string, clientId: string): Promise<RefreshToken | null> {
    const tokenHash = hashOpaqueToken(token);
    const row = await this.tokens.findOneBy({ tokenHash, revokedAt: IsNull() });
    if (!row || row.clientId !== clientId || row.expiresAt.getTime() <= Date.now()) return null;
    const result = await this.tokens.update(
      { tokenHash, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return result.affected ? row : null;
  }

  /** BCL §2.7: at logout, revoke the sessions' refresh tokens issued without offline_access. */
  async revokeOnlineForSessions(sids: string[]): Promise<number> {
    if (sids.length === 0) return 0;
    const result = await this.tokens.update(
      { sid: In(sids), offlineAccess: false, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return result.affected ?? 0;
  }
}

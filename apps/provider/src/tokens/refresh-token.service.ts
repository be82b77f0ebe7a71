import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { RefreshToken } from './refresh-token.entity';
import { hashOpaqueToken, newOpaqueToken } from './token-hash.util';

export type RefreshGrant = Pick<
  RefreshToken,
  'clientId' | 'userId' | 'sid' | 'scope' | 'authTime' | 'familyId'
>;

/** What presenting a refresh token found: a grant to rotate, or the reuse of a spent one. */
export type Redemption =
  { status: 'rotated'; token: RefreshToken } | { status: 'reused'; token: RefreshToken };

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
      rotatedAt: null,
    });
    return token;
  }

  /**
   * Rotation: the presented token is revoked (conditionally, so it can be used once) and its grant
   * returned for a new one. A token already spent by rotation — or lost to a concurrent rotation — is
   * `reused` (RFC 9700 §4.14.2); null when unknown, revoked at logout, expired or another client's.
   */
  async redeem(token: string, clientId: string): Promise<Redemption | null> {
    const tokenHash = hashOpaqueToken(token);
    const row = await this.tokens.findOneBy({ tokenHash });
    if (!row || row.clientId !== clientId) return null;
    if (row.rotatedAt) return { status: 'reused', token: row };
    if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
    const now = new Date();
    const result = await this.tokens.update(
      { tokenHash, revokedAt: IsNull() },
      { revokedAt: now, rotatedAt: now },
    );
    return { status: result.affected ? 'rotated' : 'reused', token: row };
  }

  /** Revokes every live token of a grant (refresh-token reuse, authorization-code reuse). */
  async revokeFamily(familyId: string): Promise<number> {
    const result = await this.tokens.update(
      { familyId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return result.affected ?? 0;
  }

  /** BCL §2.7: at logout, revoke the sessions' refresh tokens issued without offline_access. */
  async revokeOnlineForSessions(sids: string[], manager?: EntityManager): Promise<number> {
    if (sids.length === 0) return 0;
    const tokens = manager ? manager.getRepository(RefreshToken) : this.tokens;
    const result = await tokens.update(
      { sid: In(sids), offlineAccess: false, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return result.affected ?? 0;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { RefreshTokenService } from './refresh-token.service';
import { RevokedGrant } from './revoked-grant.entity';

/**
 * Revokes a whole grant: its refresh tokens (the family) and its access tokens. Access tokens are JWTs
 * checked without a lookup, so a revocation record carrying their `gid` is kept for as long as one of
 * them can still be unexpired; /userinfo refuses the tokens of a grant on record.
 */
@Injectable()
export class GrantRevocationService {
  constructor(
    @InjectRepository(RevokedGrant) private readonly revoked: Repository<RevokedGrant>,
    private readonly refreshTokens: RefreshTokenService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  /**
   * RFC 6749 §4.1.2 (a code redeemed twice) and RFC 9700 §4.14.2 (a rotated refresh token presented
   * again): every token of the grant stops working. The record is written before the family is revoked,
   * so a grant being issued concurrently either sees the record or has its new refresh token revoked
   * (see `TokenIssuerService`). Returns how many refresh tokens were revoked.
   */
  async revoke(grantId: string): Promise<number> {
    const now = Date.now();
    // Purged on write: the table holds at most the grants revoked within one access-token lifetime.
    await this.revoked.delete({ expiresAt: LessThanOrEqual(new Date(now)) });
    const ttlMs = this.config.tokenTtlSeconds.accessToken * 1000;
    await this.revoked.upsert({ grantId, expiresAt: new Date(now + ttlMs) }, ['grantId']);
    return this.refreshTokens.revokeFamily(grantId);
  }

  /** Whether the access tokens of this grant are refused (a record past its expiry no longer counts). */
  async isRevoked(grantId: string): Promise<boolean> {
    const row = await this.revoked.findOneBy({ grantId });
    return !!row && row.expiresAt.getTime() > Date.now();
  }
}

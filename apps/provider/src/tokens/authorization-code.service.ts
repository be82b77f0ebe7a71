import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { AuthorizationCode } from './authorization-code.entity';
import { hashOpaqueToken, newOpaqueToken } from './token-hash.util';

/** A code claimed by this call, or one presented again after it was claimed. */
export type CodeRedemption =
  { status: 'redeemed'; code: AuthorizationCode } | { status: 'reused'; code: AuthorizationCode };

export type NewAuthorizationCode = Omit<AuthorizationCode, 'codeHash' | 'expiresAt' | 'consumedAt'>;

@Injectable()
export class AuthorizationCodeService {
  constructor(
    @InjectRepository(AuthorizationCode) private readonly codes: Repository<AuthorizationCode>,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  async issue(grant: NewAuthorizationCode): Promise<string> {
    const { token, hash } = newOpaqueToken();
    await this.codes.insert({
      ...grant,
      codeHash: hash,
      expiresAt: new Date(Date.now() + this.config.tokenTtlSeconds.code * 1000),
      consumedAt: null,
    });
    return token;
  }

  /**
   * Single use: the row is claimed with a conditional UPDATE, so two concurrent redemptions cannot
   * both succeed. A code that exists but was already claimed is `reused` (RFC 6749 §4.1.2: the tokens
   * issued from it are then revoked); null for an unknown or expired code.
   */
  async consume(code: string): Promise<CodeRedemption | null> {
    const codeHash = hashOpaqueToken(code);
    const result = await this.codes.update(
      { codeHash, consumedAt: IsNull() },
      { consumedAt: new Date() },
    );
    const row = await this.codes.findOneBy({ codeHash });
    if (!row) return null;
    if (!result.affected) return { status: 'reused', code: row };
    return row.expiresAt.getTime() > Date.now() ? { status: 'redeemed', code: row } : null;
  }
}

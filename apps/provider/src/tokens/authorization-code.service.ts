import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { AuthorizationCode } from './authorization-code.entity';
import { hashOpaqueToken, newOpaqueToken } from './token-hash.util';

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
   * both succeed. Returns null for an unknown, expired or already used code.
   */
  async consume(code: string): Promise<AuthorizationCode | null> {
    const codeHash = hashOpaqueToken(code);
    const result = await this.codes.update(
      { codeHash, consumedAt: IsNull() },
      { consumedAt: new Date() },
    );
    if (!result.affected) return null;
    const row = await this.codes.findOneBy({ codeHash });
    return row && row.expiresAt.getTime() > Date.now() ? row : null;
  }
}

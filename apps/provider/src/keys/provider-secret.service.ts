import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProviderSecret } from './provider-secret.entity';

/** Get-or-create for secrets that must survive restarts and be shared by every instance. */
@Injectable()
export class ProviderSecretService {
  constructor(
    @InjectRepository(ProviderSecret) private readonly secrets: Repository<ProviderSecret>,
  ) {}

  async getOrCreate(name: string, create: () => Promise<string> | string): Promise<string> {
    const existing = await this.secrets.findOneBy({ name });
    if (existing) return existing.value;
    const value = await create();
    try {
      await this.secrets.insert({ name, value });
      return value;
    } catch (err) {
      // Another instance created it first: use theirs.
      const winner = await this.secrets.findOneBy({ name });
      if (winner) return winner.value;
      throw err;
    }
  }
}

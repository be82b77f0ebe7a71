import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { ProviderSecretService } from './provider-secret.service';

/** The HMAC key for CSRF tokens and signed cookies, shared by all instances through the database. */
@Injectable()
export class CookieSecretService implements OnModuleInit {
  private secret?: Buffer;

  constructor(private readonly secrets: ProviderSecretService) {}

  async onModuleInit(): Promise<void> {
    const value = await this.secrets.getOrCreate('cookie_secret', () =>
      randomBytes(32).toString('base64url'),
    );
    this.secret = Buffer.from(value, 'base64url');
  }

  /** Hex of HMAC-SHA256(secret, data). */
  mac(data: string): string {
    if (!this.secret) throw new Error('Cookie secret not loaded yet');
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }

  /** The raw secret, for express-session's cookie signature. */
  raw(): string {
    if (!this.secret) throw new Error('Cookie secret not loaded yet');
    return this.secret.toString('base64url');
  }
}

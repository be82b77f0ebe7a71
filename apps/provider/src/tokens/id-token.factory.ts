import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { SigningKeyService } from '../keys/signing-key.service';

export interface IdTokenInput {
  sub: string;
  clientId: string;
  /** BCL §2.1: every ID token of a session carries its `sid` (authorize/code and refresh grants). */
  sid: string;
  authTime: Date;
  nonce?: string | null;
  extraClaims?: Record<string, unknown>;
}

/** Signs ID tokens with the same key the library signs logout tokens with (BCL §2.4). */
@Injectable()
export class IdTokenFactory {
  constructor(
    private readonly keys: SigningKeyService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  async sign(input: IdTokenInput): Promise<string> {
    const key = this.keys.current();
    const jwt = new SignJWT({
      ...input.extraClaims,
      sid: input.sid,
      auth_time: Math.floor(input.authTime.getTime() / 1000),
      ...(input.nonce ? { nonce: input.nonce } : {}),
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.config.issuer)
      .setSubject(input.sub)
      .setAudience(input.clientId)
      .setIssuedAt()
      .setExpirationTime(`${this.config.tokenTtlSeconds.idToken}s`);
    return jwt.sign(key.privateKey);
  }
}

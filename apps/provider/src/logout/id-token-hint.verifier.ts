import { Injectable } from '@nestjs/common';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { SigningKeyService } from '../keys/signing-key.service';

export interface IdTokenHint {
  sub: string;
  aud: string[];
  sid?: string;
}

/**
 * RPIL §2: the OP "MUST validate that it was the issuer of the ID Token" and SHOULD accept it "even
 * when the exp time has passed". So: our signature, our `iss`, an ID token (not our access tokens or
 * logout tokens, which share the key), expiry ignored.
 */
@Injectable()
export class IdTokenHintVerifier {
  constructor(
    private readonly keys: SigningKeyService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  async verify(token: string): Promise<IdTokenHint | null> {
    try {
      const typ = decodeProtectedHeader(token).typ;
      if (typ !== undefined && typ.toUpperCase() !== 'JWT') return null;
      const key = this.keys.current();
      const { payload } = await compactVerify(token, key.publicKey, { algorithms: [key.alg] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
      if (claims.iss !== this.config.issuer || 'events' in claims) return null;
      const aud = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
      if (typeof claims.sub !== 'string' || !Array.isArray(aud) || aud.length === 0) return null;
      if (!aud.every((a): a is string => typeof a === 'string')) return null;
      return { sub: claims.sub, aud, sid: typeof claims.sid === 'string' ? claims.sid : undefined };
    } catch {
      return null;
    }
  }
}

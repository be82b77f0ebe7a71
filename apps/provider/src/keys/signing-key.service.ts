import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  calculateJwkThumbprint,
  CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  JSONWebKeySet,
  JWK,
} from 'jose';
import { ProviderSecretService } from './provider-secret.service';

export const SIGNING_ALG = 'RS256';

/** The provider's signing key as the library and the token factories consume it. */
export interface ProviderSigningKey {
  kid: string;
  alg: typeof SIGNING_ALG;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * One RS256 key, generated on first start and stored in the database, signs ID tokens, access
 * tokens AND logout tokens (BCL §2.4: "The same keys are used to sign ... Logout Tokens as are used
 * for ID Tokens").
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private key?: ProviderSigningKey;

  constructor(private readonly secrets: ProviderSecretService) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.secrets.getOrCreate('signing_key', async () => {
      const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
      return JSON.stringify(await exportJWK(privateKey));
    });
    const privateJwk = JSON.parse(stored) as JWK;
    const { kty, n, e } = privateJwk;
    const kid = await calculateJwkThumbprint({ kty, n, e });
    const publicJwk: JWK = { kty, n, e, kid, alg: SIGNING_ALG, use: 'sig' };
    this.key = {
      kid,
      alg: SIGNING_ALG,
      privateKey: (await importJWK(privateJwk, SIGNING_ALG)) as CryptoKey,
      publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
      publicJwk,
    };
  }

  current(): ProviderSigningKey {
    if (!this.key) throw new Error('Signing key not loaded yet');
    return this.key;
  }

  jwks(): JSONWebKeySet {
    return { keys: [this.current().publicJwk] };
  }
}

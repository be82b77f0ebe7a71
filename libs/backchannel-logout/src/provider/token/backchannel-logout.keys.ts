import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import {
  LOGOUT_TOKEN_ALGORITHMS,
  LogoutTokenAlgorithm,
  LogoutTokenSigningKey,
} from './signing-key.interface';

/** A signing key ready for jose. */
export interface ResolvedSigningKey {
  readonly kid: string;
  readonly alg: LogoutTokenAlgorithm;
  readonly privateKey: LogoutTokenSigningKey['privateKey'];
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The Logout Token signing key from the options, and the public JWKS that verifies it. */
@Injectable()
export class BackchannelLogoutKeys {
  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
  ) {}

  /** The key to sign with now (the resolver is called every time, so host key rotation applies). */
  async current(): Promise<ResolvedSigningKey> {
    let key: LogoutTokenSigningKey;
    try {
      key = await this.config.signingKey();
    } catch (err) {
      throw BackchannelLogoutError.of('signing_key_unavailable', 'the key resolver failed', err);
    }
    const alg = key?.alg ?? 'RS256';
    // BCL §2.6 step 3: never `none`; symmetric algorithms are not offered either (no shared secret here).
    if (!LOGOUT_TOKEN_ALGORITHMS.includes(alg)) {
      throw BackchannelLogoutError.of(
        'signing_key_unavailable',
        `alg ${String(alg)} is not allowed`,
      );
    }
    if (!key?.kid || !key.privateKey) {
      throw BackchannelLogoutError.of('signing_key_unavailable', 'kid and privateKey are required');
    }
    return { kid: key.kid, alg, privateKey: key.privateKey };
  }

  /**
   * The public JWKS of the current signing key (`{ keys: [ { kty, kid, alg, use: 'sig', ... } ] }`), for a
   * host that serves its `jwks_uri` from here or for tests that verify tokens.
   */
  async getPublicJwks(): Promise<{ keys: JWK[] }> {
    const { kid, alg, privateKey } = await this.current();
    let jwk: JWK;
    if (privateKey instanceof KeyObject) {
      jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    } else if (isJwk(privateKey)) {
      jwk = { ...privateKey };
    } else {
      jwk = await exportJWK(privateKey);
    }
    for (const member of PRIVATE_JWK_MEMBERS) delete (jwk as Record<string, unknown>)[member];
    return { keys: [{ ...jwk, kid, alg, use: 'sig' }] };
  }
}

function isJwk(key: unknown): key is JWK {
  return typeof key === 'object' && key !== null && 'kty' in key;
}

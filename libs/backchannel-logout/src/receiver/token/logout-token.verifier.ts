import { Inject, Injectable } from '@nestjs/common';
import { compactVerify, type CryptoKey } from 'jose';
import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import { hasJoseCode } from '../issuers/jose-error.util';
import { isMacAlgorithm } from '../issuers/jws-algorithms.util';
import { IssuerRegistry } from '../issuers/issuer.registry';
import type { TrustedIssuer } from '../issuers/trusted-issuer';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { parseCompactJws } from './compact-jws.parser';
import { verifyRsaSignature } from './rsa-signature.verifier';
import { validateLogoutClaims } from './logout-claims.validator';
import { assertTypAllowed } from './typ-policy.util';
import type { VerifiedLogoutToken } from './verified-logout-token.interface';

/**
 * Verifies a Logout Token as BCL §2.6 lays out, and returns its claims or throws a `BackchannelLogoutError`
 * with a stable code. Stateless: replay detection and ending sessions come after it.
 *
 * @example
 * const token = await verifier.verify(logoutToken); // throws BackchannelLogoutError('claim_nonce_present'), ...
 */
@Injectable()
export class LogoutTokenVerifier {
  constructor(
    @Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig,
    private readonly issuers: IssuerRegistry,
  ) {}

  async verify(token: string): Promise<VerifiedLogoutToken> {
    if (Buffer.byteLength(token, 'utf8') > this.config.maxTokenBytes) {
      throw new BackchannelLogoutError('request_token_too_large');
    }
    const { header, payload } = parseCompactJws(token);
    const alg = this.checkHeader(header);
    const issuer = this.selectIssuer(payload.iss);
    if (!issuer.algorithms().has(alg)) throw new BackchannelLogoutError('alg_not_allowed');
    await this.verifySignature(token, alg, header, issuer);
    return validateLogoutClaims(payload, header, {
      issuer: issuer.issuer,
      clientId: issuer.options.clientId,
      additionalAudiences: issuer.options.additionalAudiences ?? [],
      nowSeconds: Date.now() / 1000,
      clockToleranceSeconds: this.config.clockToleranceSeconds,
      maxTokenAgeSeconds: this.config.maxTokenAgeSeconds,
      maxLogoutAgeSeconds: this.config.maxLogoutAgeSeconds,
      requireExp: this.config.requireExp,
    });
  }

  private checkHeader(header: Readonly<Record<string, unknown>>): string {
    const { alg } = header;
    if (typeof alg !== 'string' || alg.length === 0)
      throw BackchannelLogoutError.of('token_malformed', 'no alg');
    // §2.6 step 3: `none` MUST NOT be used, whatever its spelling (JWT-BCP §3.1).
    if (alg.toLowerCase() === 'none')
      throw BackchannelLogoutError.of('alg_not_allowed', 'alg none');
    // RFC 7515 §4.1.11: we understand no extension, so any `crit` is refused.
    if (Object.prototype.hasOwnProperty.call(header, 'crit'))
      throw new BackchannelLogoutError('header_crit');
    if (header.kid !== undefined && typeof header.kid !== 'string') {
      throw BackchannelLogoutError.of('token_malformed', 'kid is not a string');
    }
    assertTypAllowed(header.typ, this.config.typPolicy);
    return alg;
  }

  private selectIssuer(iss: unknown): TrustedIssuer {
    if (typeof iss !== 'string') throw new BackchannelLogoutError('claim_iss_invalid');
    const issuer = this.issuers.find(iss);
    if (!issuer) throw new BackchannelLogoutError('issuer_unknown');
    return issuer;
  }

  private async verifySignature(
    token: string,
    alg: string,
    header: Readonly<Record<string, unknown>>,
    issuer: TrustedIssuer,
  ): Promise<void> {
    const keys = isMacAlgorithm(alg) ? [this.macKey(issuer)] : await this.keysFor(issuer, header);
    for (const key of keys) {
      const valid = verifyRsaSignature(token, alg, key);
      if (valid === true) return;
      if (valid === false) continue;
      try {
        await compactVerify(token, key, { algorithms: [alg] });
        return;
      } catch (err) {
        if (!hasJoseCode(err, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')) {
          throw BackchannelLogoutError.of('signature_invalid', undefined, err);
        }
      }
    }
    throw new BackchannelLogoutError('signature_invalid');
  }

  /** Core §10.1: a MAC is keyed only with the UTF-8 client secret, never with anything from the JWKS. */
  private macKey(issuer: TrustedIssuer): Uint8Array {
    const secret = issuer.options.clientSecret;
    if (secret === undefined) throw new BackchannelLogoutError('alg_not_allowed');
    return new TextEncoder().encode(secret);
  }

  private async keysFor(
    issuer: TrustedIssuer,
    header: Readonly<Record<string, unknown>>,
  ): Promise<CryptoKey[]> {
    try {
      return await issuer.verificationKeys({
        alg: header.alg as string,
        kid: header.kid as string | undefined,
      });
    } catch (err) {
      if (isBackchannelLogoutError(err)) throw err;
      throw BackchannelLogoutError.of('key_not_found', 'the matching JWK could not be used', err);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { SigningKeyService } from '../keys/signing-key.service';

/** What an access token says: whose, for which client, which scope, session and grant. */
export interface AccessTokenClaims {
  sub: string;
  clientId: string;
  scope: string;
  sid: string;
  /**
   * The grant it was issued from (the refresh-token family id), in the private claim `gid`, so that a
   * revoked grant takes its access tokens along (`GrantRevocationService`); null for a refresh-token row
   * older than families.
   */
  grantId: string | null;
}

/** JWT access tokens (RFC 9068, `typ: at+jwt`), audience = the userinfo endpoint's issuer. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly keys: SigningKeyService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  /** Signs an access token valid for `tokenTtlSeconds.accessToken`. */
  sign(claims: AccessTokenClaims): Promise<string> {
    const key = this.keys.current();
    return new SignJWT({
      client_id: claims.clientId,
      scope: claims.scope,
      sid: claims.sid,
      ...(claims.grantId ? { gid: claims.grantId } : {}),
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.config.issuer)
      .setSubject(claims.sub)
      .setAudience(`${this.config.issuer}/userinfo`)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.config.tokenTtlSeconds.accessToken}s`)
      .sign(key.privateKey);
  }

  /** The claims of a valid, unexpired access token from this provider, or null. */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.keys.current().publicKey, {
        issuer: this.config.issuer,
        audience: `${this.config.issuer}/userinfo`,
        typ: 'at+jwt',
        algorithms: [this.keys.current().alg],
      });
      const { sub, client_id: clientId, scope, sid, gid } = payload;
      if (typeof sub !== 'string' || typeof clientId !== 'string') return null;
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      return { sub, clientId, scope: text(scope), sid: text(sid), grantId: text(gid) || null };
    } catch {
      return null;
    }
  }
}

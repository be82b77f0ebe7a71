import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  LOGOUT_TOKEN_TYP,
} from '../../common/backchannel-logout.constants';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { BackchannelLogoutKeys } from './backchannel-logout.keys';

/** What varies between Logout Tokens. */
export interface LogoutTokenInput {
  /** The RP's client_id (BCL §2.4 `aud`; one token per RP, JWT-BCP §3.9). */
  readonly aud: string;
  readonly jti: string;
  /** Issued-at, seconds since the epoch: the logout time (issue #8), the same on every attempt. */
  readonly iat: number;
  /**
   * When the token is signed, seconds since the epoch; `exp` = the later of this and `iat`, plus the token
   * TTL, so a late retransmission still verifies while `iat` keeps the logout time. Default: `iat`.
   */
  readonly signedAt?: number;
  readonly sub?: string | null;
  readonly sid?: string | null;
}

/** Signs Logout Tokens (BCL §2.4) with the module's key. */
@Injectable()
export class LogoutTokenFactory {
  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly keys: BackchannelLogoutKeys,
  ) {}

  /** Sign one Logout Token: header `alg`, `kid`, `typ: logout+jwt`; claims iss, aud, iat, exp, jti, events, sub/sid. */
  async sign(input: LogoutTokenInput): Promise<string> {
    // BCL §2.4: "A Logout Token MUST contain either a sub or a sid Claim".
    if (!input.sub && !input.sid)
      throw BackchannelLogoutError.of('invalid_options', 'a logout token needs sub or sid');
    const key = await this.keys.current();
    // §2.4: events holds exactly the back-channel logout member with `{}`; `nonce` is never added.
    const payload: Record<string, unknown> = { events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } };
    if (input.sub) payload.sub = input.sub;
    if (input.sid) payload.sid = input.sid;
    try {
      return await new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: LOGOUT_TOKEN_TYP })
        .setIssuer(this.config.issuer)
        .setAudience(input.aud)
        .setIssuedAt(input.iat)
        .setExpirationTime(
          Math.max(input.iat, input.signedAt ?? input.iat) + this.config.logoutTokenTtlSeconds,
        )
        .setJti(input.jti)
        .sign(key.privateKey);
    } catch (err) {
      throw BackchannelLogoutError.of('signing_key_unavailable', (err as Error).message, err);
    }
  }
}

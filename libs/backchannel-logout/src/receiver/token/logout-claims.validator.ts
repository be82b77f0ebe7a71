import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../common/backchannel-logout.constants';
import type { VerifiedLogoutToken } from './verified-logout-token.interface';

/** What the claims are checked against. */
export interface ClaimsPolicy {
  readonly issuer: string;
  readonly clientId: string;
  readonly additionalAudiences: readonly string[];
  readonly nowSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number;
  readonly maxLogoutAgeSeconds: number;
  readonly requireExp: boolean;
}

// Core §2: sub is at most 255 ASCII characters; we also refuse control characters. A sid is an opaque
// printable-ASCII string (BCL §2.1 / Front-Channel Logout §3), never empty.
const SUB_PATTERN = /^[\x20-\x7E]{1,255}$/;
const SID_PATTERN = /^[\x20-\x7E]+$/;

type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim checks of BCL §2.4 and §2.6 steps 4–7, on a payload whose signature is already verified. The
 * token-kind checks (`events`, `nonce`) come first: an ID Token or access token posted here then fails with
 * the sentence that explains it best.
 */
export function validateLogoutClaims(
  claims: Claims,
  header: Claims,
  policy: ClaimsPolicy,
): VerifiedLogoutToken {
  checkEvents(claims.events);
  // §2.6 step 7: prohibited with any value, null included.
  if (Object.prototype.hasOwnProperty.call(claims, 'nonce')) throw fail('claim_nonce_present');
  if (claims.iss !== policy.issuer) throw fail('claim_iss_invalid');
  const aud = checkAudience(claims.aud, policy);
  const { iat, exp } = checkTimes(claims, policy);
  if (!nonEmptyString(claims.jti)) throw fail('claim_jti_invalid');
  const sub = optionalIdentifier(claims, 'sub', SUB_PATTERN, 'claim_sub_invalid');
  const sid = optionalIdentifier(claims, 'sid', SID_PATTERN, 'claim_sid_invalid');
  // §2.4: either or both.
  if (sub === undefined && sid === undefined) throw fail('claim_sub_sid_missing');
  return {
    iss: policy.issuer,
    clientId: policy.clientId,
    aud,
    iat,
    ...(exp !== undefined ? { exp } : {}),
    jti: claims.jti,
    ...(sub !== undefined ? { sub } : {}),
    ...(sid !== undefined ? { sid } : {}),
    claims,
    header,
  };
}

function checkEvents(events: unknown): void {
  // §2.6 step 6; other members are allowed (only ours is processed).
  if (
    !isJsonObject(events) ||
    !Object.prototype.hasOwnProperty.call(events, BACKCHANNEL_LOGOUT_EVENT)
  ) {
    throw fail('claim_events_invalid');
  }
  // §2.4: "The corresponding member value MUST be a JSON object".
  if (!isJsonObject(events[BACKCHANNEL_LOGOUT_EVENT])) throw fail('claim_event_value_invalid');
}

function checkAudience(aud: unknown, policy: ClaimsPolicy): string[] {
  const list = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(list) || list.length === 0 || !list.every(nonEmptyString)) {
    throw BackchannelLogoutError.of(
      'claim_aud_invalid',
      'aud must be a string or an array of strings',
    );
  }
  if (!list.includes(policy.clientId)) throw fail('claim_aud_invalid');
  // Core §3.1.3.7: reject "additional audiences not trusted by the Client".
  const trusted = new Set([policy.clientId, ...policy.additionalAudiences]);
  if (!list.every((a) => trusted.has(a))) {
    throw BackchannelLogoutError.of('claim_aud_invalid', 'aud contains an untrusted audience');
  }
  return list;
}

function checkTimes(claims: Claims, policy: ClaimsPolicy): { iat: number; exp?: number } {
  const { nowSeconds: now, clockToleranceSeconds: skew } = policy;
  const { iat, exp, nbf } = claims;
  if (!isNumericDate(iat)) throw fail('claim_iat_invalid');
  if (iat > now + skew) throw fail('claim_iat_future');
  if (exp === undefined) {
    if (policy.requireExp) throw fail('claim_exp_missing');
    // Without exp only iat tells how fresh the token is.
    if (iat < now - policy.maxTokenAgeSeconds - skew) throw fail('claim_iat_too_old');
  } else {
    if (!isNumericDate(exp)) throw fail('claim_exp_invalid');
    // Core §2: now must be before exp; allow the skew.
    if (exp + skew <= now) throw fail('claim_exp_expired');
    if (exp < iat) throw fail('claim_exp_before_iat');
    // iat is the logout time (a late delivery keeps it, with a fresh exp): accept it up to the logout age.
    if (iat < now - policy.maxLogoutAgeSeconds - skew) throw fail('logout_too_old');
  }
  if (nbf !== undefined && (!isNumericDate(nbf) || nbf > now + skew))
    throw fail('claim_nbf_future');
  return exp === undefined ? { iat } : { iat, exp };
}

function optionalIdentifier(
  claims: Claims,
  name: 'sub' | 'sid',
  pattern: RegExp,
  code: 'claim_sub_invalid' | 'claim_sid_invalid',
): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(claims, name)) return undefined;
  const value = claims[name];
  if (!nonEmptyString(value)) throw fail(code);
  if (!pattern.test(value)) {
    throw BackchannelLogoutError.of(
      code,
      name === 'sub'
        ? 'sub must be 1 to 255 printable ASCII characters (Core §2)'
        : 'sid must be printable ASCII',
    );
  }
  return value;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function fail(code: Parameters<typeof BackchannelLogoutError.of>[0]): BackchannelLogoutError {
  return new BackchannelLogoutError(code);
}

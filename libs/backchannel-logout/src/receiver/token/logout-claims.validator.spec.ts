import { BACKCHANNEL_LOGOUT_EVENT } from '../../common/backchannel-logout.constants';
import { validateLogoutClaims, type ClaimsPolicy } from './logout-claims.validator';

const NOW = 1_800_000_000;
const policy: ClaimsPolicy = {
  issuer: 'https://op.example',
  clientId: 'rp',
  additionalAudiences: ['trusted-extra'],
  nowSeconds: NOW,
  clockToleranceSeconds: 60,
  maxTokenAgeSeconds: 600,
  maxLogoutAgeSeconds: 86_400,
  requireExp: true,
};
const base = {
  iss: 'https://op.example',
  sub: 'alice',
  aud: 'rp',
  iat: NOW,
  exp: NOW + 120,
  jti: 'j-1',
  events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
};
const check = (claims: Record<string, unknown>, p: Partial<ClaimsPolicy> = {}) =>
  validateLogoutClaims(claims, { alg: 'RS256' }, { ...policy, ...p });
const codeOf = (
  claims: Record<string, unknown>,
  p: Partial<ClaimsPolicy> = {},
): string | undefined => {
  try {
    check(claims, p);
    return undefined;
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('validateLogoutClaims', () => {
  it('returns the verified token', () => {
    expect(check({ ...base, sid: 's-1', extra: 1 })).toMatchObject({
      iss: base.iss,
      clientId: 'rp',
      aud: ['rp'],
      sub: 'alice',
      sid: 's-1',
      jti: 'j-1',
      iat: NOW,
      exp: NOW + 120,
      claims: { extra: 1 },
    });
  });

  it('accepts an audience the RP trusts next to its client_id', () => {
    expect(check({ ...base, aud: ['rp', 'trusted-extra'] }).aud).toEqual(['rp', 'trusted-extra']);
  });

  it('time edges honour the tolerance exactly', () => {
    expect(codeOf({ ...base, iat: NOW + 60 })).toBeUndefined();
    expect(codeOf({ ...base, iat: NOW + 61 })).toBe('claim_iat_future');
    // iat is the logout time: with a valid exp it may be up to maxLogoutAgeSeconds (+ tolerance) old.
    expect(codeOf({ ...base, iat: NOW - 86_460, exp: NOW + 10 })).toBeUndefined();
    expect(codeOf({ ...base, iat: NOW - 86_461, exp: NOW + 10 })).toBe('logout_too_old');
    expect(
      codeOf({ ...base, iat: NOW - 86_461, exp: NOW + 10 }, { maxLogoutAgeSeconds: 90_000 }),
    ).toBeUndefined();
    expect(codeOf({ ...base, iat: NOW - 100, exp: NOW - 59 })).toBeUndefined();
    expect(codeOf({ ...base, iat: NOW - 100, exp: NOW - 60 })).toBe('claim_exp_expired');
    expect(codeOf({ ...base, nbf: NOW + 61 })).toBe('claim_nbf_future');
    expect(codeOf({ ...base, nbf: NOW + 30 })).toBeUndefined();
  });

  it('exp may be absent when requireExp is false, and must still be a number when present', () => {
    const { exp: _exp, ...noExp } = base;
    expect(codeOf(noExp)).toBe('claim_exp_missing');
    expect(check(noExp, { requireExp: false }).exp).toBeUndefined();
    // Without exp, only maxTokenAgeSeconds bounds the token's age.
    expect(codeOf({ ...noExp, iat: NOW - 660 }, { requireExp: false })).toBeUndefined();
    expect(codeOf({ ...noExp, iat: NOW - 661 }, { requireExp: false })).toBe('claim_iat_too_old');
    expect(codeOf({ ...base, exp: 'soon' }, { requireExp: false })).toBe('claim_exp_invalid');
  });

  it.each([
    [{ events: undefined }, 'claim_events_invalid'],
    [{ events: { [BACKCHANNEL_LOGOUT_EVENT]: [] } }, 'claim_event_value_invalid'],
    [{ nonce: null }, 'claim_nonce_present'],
    [{ iss: 'https://op.example/' }, 'claim_iss_invalid'],
    [{ aud: ['rp', 'other'] }, 'claim_aud_invalid'],
    [{ aud: [] }, 'claim_aud_invalid'],
    [{ iat: Number.NaN }, 'claim_iat_invalid'],
    [{ iat: '1800000000' }, 'claim_iat_invalid'],
    [{ exp: null }, 'claim_exp_invalid'],
    [{ jti: '' }, 'claim_jti_invalid'],
    [{ sub: undefined }, 'claim_sub_sid_missing'],
    [{ sub: '' }, 'claim_sub_invalid'],
    [{ sid: 7 }, 'claim_sid_invalid'],
    [{ iat: NOW, exp: NOW - 1 }, 'claim_exp_before_iat'],
    [{ sub: 'a'.repeat(256) }, 'claim_sub_invalid'],
    [{ sub: 'alicé' }, 'claim_sub_invalid'],
    [{ sub: 'ali\nce' }, 'claim_sub_invalid'],
    [{ sid: '' }, 'claim_sid_invalid'],
    [{ sid: 'sé' }, 'claim_sid_invalid'],
    [{ sid: 's\u0000' }, 'claim_sid_invalid'],
  ])('refuses %j with %s', (change, expected) => {
    const claims: Record<string, unknown> = { ...base, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete claims[k];
    expect(codeOf(claims)).toBe(expected);
  });

  it('accepts a 255-character ASCII sub and exp equal to iat', () => {
    expect(check({ ...base, sub: 'a'.repeat(255) }).sub).toHaveLength(255);
    expect(codeOf({ ...base, iat: NOW, exp: NOW })).toBeUndefined();
  });

  it('checks the token kind first: an ID Token fails on events, not on a missing jti', () => {
    expect(
      codeOf({ iss: base.iss, sub: 'a', aud: 'rp', iat: NOW, exp: NOW + 60, nonce: 'n' }),
    ).toBe('claim_events_invalid');
  });
});

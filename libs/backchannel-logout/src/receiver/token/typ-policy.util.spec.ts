import { assertTypAllowed, normalizeMediaType } from './typ-policy.util';

describe('typ policy', () => {
  it('normalises as a media type (RFC 7515 §4.1.9)', () => {
    expect(normalizeMediaType('logout+jwt')).toBe('application/logout+jwt');
    expect(normalizeMediaType('Application/Logout+JWT')).toBe('application/logout+jwt');
    expect(normalizeMediaType('JWT')).toBe('application/jwt');
  });

  it.each([
    undefined,
    'JWT',
    'jwt',
    'application/jwt',
    'logout+jwt',
    'LOGOUT+JWT',
    'application/logout+jwt',
  ])('lenient accepts %s', (typ) => {
    expect(() => assertTypAllowed(typ, 'lenient')).not.toThrow();
  });

  it.each([
    'at+jwt',
    'secevent+jwt',
    'dpop+jwt',
    'id_token+jwt',
    'text/plain',
    '',
    42,
    null,
    ['logout+jwt'],
  ])('lenient refuses %j', (typ) => {
    expect(() => assertTypAllowed(typ, 'lenient')).toThrow(
      expect.objectContaining({ code: 'typ_invalid' }),
    );
  });

  it('strict accepts only the logout token type', () => {
    expect(() => assertTypAllowed('logout+jwt', 'strict')).not.toThrow();
    expect(() => assertTypAllowed('application/LOGOUT+jwt', 'strict')).not.toThrow();
    for (const typ of [undefined, 'JWT', 'at+jwt']) {
      expect(() => assertTypAllowed(typ, 'strict')).toThrow(
        expect.objectContaining({ code: 'typ_invalid' }),
      );
    }
  });
});

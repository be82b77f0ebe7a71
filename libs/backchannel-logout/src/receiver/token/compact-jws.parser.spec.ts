import { parseCompactJws } from './compact-jws.parser';

const seg = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const jws = (header: string, payload: string, signature = 'c2ln'): string =>
  `${seg(header)}.${seg(payload)}.${signature}`;
const code = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

describe('parseCompactJws', () => {
  it('returns the decoded header and payload', () => {
    expect(parseCompactJws(jws('{"alg":"RS256"}', '{"iss":"x"}'))).toEqual({
      header: { alg: 'RS256' },
      payload: { iss: 'x' },
    });
  });

  it('leaves an empty signature to the verifier', () => {
    expect(parseCompactJws(jws('{"alg":"none"}', '{}', '')).header).toEqual({ alg: 'none' });
  });

  it.each([
    ['five segments (JWE)', 'a.b.c.d.e', 'token_encrypted'],
    ['one segment', 'abc', 'token_malformed'],
    ['four segments', 'a.b.c.d', 'token_malformed'],
    ['an empty payload', `${seg('{}')}..c2ln`, 'token_malformed'],
    ['padding', `${seg('{"alg":"RS256"}')}=.${seg('{}')}.c2ln`, 'token_malformed'],
    ['an impossible base64url length', `${seg('{}')}.${seg('{}')}.abcde`, 'token_malformed'],
    ['standard base64 characters', `${seg('{}')}.${seg('{}')}.ab+/`, 'token_malformed'],
    ['a non-object header', jws('[1]', '{}'), 'token_malformed'],
    [
      'invalid UTF-8',
      `${seg('{}')}.${seg(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))}.c2ln`,
      'token_malformed',
    ],
    [
      'a duplicate header member',
      jws('{"alg":"RS256","alg":"HS256"}', '{}'),
      'token_duplicate_claim',
    ],
    ['a duplicate claim', jws('{"alg":"RS256"}', '{"sub":"a","sub":"b"}'), 'token_duplicate_claim'],
  ])('refuses %s', (_label, token, expected) => {
    expect(code(() => parseCompactJws(token))).toBe(expected);
  });
});

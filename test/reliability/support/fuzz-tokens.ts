import { LOGOUT_TOKEN_EVENT_URI } from 'nestjs-backchannel-logout';
import { type TestIssuer } from 'nestjs-backchannel-logout/testing';

/**
 * Signed tokens for `sub`/`sid` that each break a rule: every invalid variant of the test issuer, plus
 * header and claim edits — wrong types, huge and negative numbers, unicode and lone surrogates, deep nesting,
 * duplicate names, `none`/HS/unknown algorithms, `crit`, key-carrying headers.
 */
export async function invalidSignedTokens(
  op: TestIssuer,
  clientId: string,
  sub: string,
  sid: string,
): Promise<string[]> {
  const variants = [
    'wrong-aud',
    'untrusted-extra-aud',
    'wrong-iss',
    'expired',
    'no-exp',
    'future-iat',
    'old-iat',
    'no-iat',
    'no-jti',
    'with-nonce',
    'no-events',
    'wrong-event',
    'event-not-object',
    'no-sub-or-sid',
    'duplicate-claim',
    'alg-none',
    'wrong-typ',
    'unknown-kid',
    'bad-signature',
    'hs256-with-public-key',
    'crit-header',
    'jku-header',
  ] as const;
  const tokens = await Promise.all(
    variants.map((v) => op.invalidLogoutToken(v, { clientId, sub, sid })),
  );
  const claimEdits: Array<Record<string, unknown>> = [
    { iat: '1700000000' },
    { iat: 1e308 },
    { iat: -1 },
    { iat: null },
    { exp: 'soon' },
    { exp: 0 },
    { aud: [] },
    { aud: {} },
    { aud: 42 },
    { jti: 42 },
    { jti: '' },
    { sub: '', sid: undefined },
    { sub: 42 },
    { sid: {} },
    { events: [] },
    { events: 'x' },
    { events: { [LOGOUT_TOKEN_EVENT_URI]: [] } },
    { events: { [LOGOUT_TOKEN_EVENT_URI]: null } },
    { nonce: null },
    { iss: '' },
    { iss: `${op.issuer}/` },
    { aud: clientId.toUpperCase() },
    { sub: `${sub}\u0000`, nonce: 'n' },
    { iat: Number.MAX_SAFE_INTEGER * 2 },
    { events: { [LOGOUT_TOKEN_EVENT_URI]: {} }, exp: 1 },
    { jti: 'x'.repeat(50_000), nonce: 1 },
    { sub: '\ud83d\ude00\u00e9\uffff', exp: -5 },
  ];
  for (const claims of claimEdits)
    tokens.push(await op.logoutToken({ clientId, sub, sid, claims }));
  const headerEdits: Array<Record<string, unknown>> = [
    { alg: 'NONE' },
    { alg: 'RS256 ' },
    { alg: 'ES256' },
    { alg: 42 },
    { kid: 42 },
    { kid: 'no-such-key' },
    { typ: 'at+jwt' },
    { crit: [] },
    { b64: false, crit: ['b64'] },
  ];
  for (const header of headerEdits)
    tokens.push(await op.logoutToken({ clientId, sub, sid, header }));
  // Headers the receiver ignores (keys come only from the JWKS; a JWS has no zip/enc): these tokens would be
  // valid, so each also carries a nonce, which no Logout Token may have.
  const ignoredHeaders: Array<Record<string, unknown>> = [
    { typ: 'application/jwt' },
    { x5u: 'http://127.0.0.1:1/x' },
    { jwk: { kty: 'oct', k: 'AAAA' } },
    { zip: 'DEF' },
    { enc: 'A256GCM' },
  ];
  for (const header of ignoredHeaders) {
    tokens.push(await op.logoutToken({ clientId, sub, sid, header, claims: { nonce: 'n' } }));
  }
  const now = Math.floor(Date.now() / 1000);
  const base = `"iss":"${op.issuer}","aud":"${clientId}","iat":${now},"exp":${now + 120},"jti":"j-${now}","sub":"${sub}"`;
  const raw = [
    `{${base},"events":{"${LOGOUT_TOKEN_EVENT_URI}":{}},"nested":${'['.repeat(3000)}${']'.repeat(3000)},"nonce":1}`,
    `{${base},"events":{"${LOGOUT_TOKEN_EVENT_URI}":${'{"a":'.repeat(2000)}{}${'}'.repeat(2000)}},"nonce":1}`,
    `{${base},"events":{"${LOGOUT_TOKEN_EVENT_URI}":{}},"sub":"${sub}"}`,
    `{${base},"events":{"${LOGOUT_TOKEN_EVENT_URI}":{}},"x":"\\ud800","nonce":1}`,
    `{${base},"events":{"${LOGOUT_TOKEN_EVENT_URI}":{}}`,
    `[${base}]`,
    'null',
  ];
  // The issuer's own kid, so these get past the key lookup to the payload checks.
  const { kid } = JSON.parse(Buffer.from(tokens[0].split('.')[0], 'base64url').toString()) as {
    kid: string;
  };
  for (const payload of raw) {
    tokens.push(op.sign({ header: { alg: 'RS256', kid, typ: 'logout+jwt' }, payload }));
  }
  tokens.push(
    op.sign({ header: `{"alg":"RS256","kid":"${kid}","alg":"none"}`, payload: `{${base}}` }),
  );
  return tokens;
}

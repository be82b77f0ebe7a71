import { BACKCHANNEL_LOGOUT_EVENT, type TestIssuer } from 'nestjs-backchannel-logout';

/** One request of the fuzz run. `control`: a genuinely valid token for a user with no session (200). */
export interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly control: boolean;
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORM = 'application/x-www-form-urlencoded';
const ODD_CONTENT_TYPES = [
  '',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=xyz',
  `${FORM}; charset=utf-16`,
  `${FORM}; charset=latin1`,
  `${FORM}; charset="UTF-8"`,
  'APPLICATION/X-WWW-FORM-URLENCODED',
  ` ${FORM} ;charset=utf-8`,
  'x/y/z',
  `${FORM}; ${'a=b; '.repeat(500)}`,
  'application/x-www-form-urlencoded\u00e9',
];
const JUNK = [
  '.',
  '=',
  '+',
  '/',
  ' ',
  '%',
  '%00',
  '\u00e9',
  '\ud83d\ude00',
  '\u0000',
  '\n',
  '"',
  '\\',
  '&',
  '#',
];

/**
 * Builds the 100 000 requests: random bodies, odd request shapes (content types, encodings, methods,
 * duplicate/array/query parameters, sizes), and mutations of real tokens: bit flips in decoded segments,
 * truncations, segment swaps/drops/extras, junk characters, and re-signed tokens whose header or claims break
 * a rule (types, huge values, unicode, deep nesting, duplicates). Mutations of *valid* tokens for seeded users
 * only change decoded bytes, so none of them can stay valid: a 200 is only ever a control.
 */
export class FuzzInputs {
  private readonly rnd: () => number;

  constructor(
    seed: number,
    /** Valid tokens for users that have sessions (decoded-level mutations only). */
    private readonly validForSeeded: readonly string[],
    /** Signed tokens that break a rule, for users that have sessions (any mutation). */
    private readonly invalidSigned: readonly string[],
  ) {
    this.rnd = seededRandom(seed);
  }

  /** The next request; `control` (a valid token for an unknown user) is passed in by the caller. */
  next(control?: string): FuzzRequest {
    if (control) return this.form('control', `logout_token=${control}`, true);
    const r = this.rnd();
    if (r < 0.08) return this.randomBody();
    if (r < 0.2) return this.oddShape();
    if (r < 0.55)
      return this.form('mutated-valid', `logout_token=${encodeURIComponent(this.mutateValid())}`);
    if (r < 0.85)
      return this.form('mutated-invalid', `logout_token=${encodeURIComponent(this.mutateAny())}`);
    return this.form('invalid-signed', `logout_token=${this.pick(this.invalidSigned)}`);
  }

  private form(kind: string, body: string, control = false): FuzzRequest {
    return {
      kind,
      method: 'POST',
      path: '/backchannel-logout',
      headers: { 'content-type': FORM },
      body: Buffer.from(body, 'utf8'),
      control,
    };
  }

  private randomBody(): FuzzRequest {
    const size = Math.floor(this.rnd() ** 3 * 8192);
    const body = Buffer.alloc(size);
    for (let i = 0; i < size; i++) body[i] = Math.floor(this.rnd() * 256);
    const type = this.rnd() < 0.5 ? FORM : this.pick(ODD_CONTENT_TYPES);
    return {
      ...this.form('random-bytes', ''),
      headers: type ? { 'content-type': type } : {},
      body,
    };
  }

  private oddShape(): FuzzRequest {
    const token = encodeURIComponent(this.pick(this.invalidSigned));
    const shapes: Array<() => FuzzRequest> = [
      () => this.form('duplicate-param', `logout_token=${token}&logout_token=${token}`),
      () => this.form('array-param', `logout_token[]=${token}`),
      () => this.form('object-param', `logout_token[a][b]=${token}`),
      () => this.form('extra-params', `a=1&logout_token=${token}&${'x=y&'.repeat(1000)}`),
      () => this.form('unicode-param', `logout_t\u00f6ken=${token}&\ud83d\ude00=1`),
      () => this.form('bad-percent', `logout_token=${token}%zz%u00e9%`),
      () => this.form('empty-token', 'logout_token='),
      () => this.form('empty-body', ''),
      () => ({
        ...this.form('token-in-query', ''),
        path: `/backchannel-logout?logout_token=${token}`,
      }),
      () => ({
        ...this.form('odd-content-type', `logout_token=${token}`),
        headers: this.oddType(),
      }),
      () => ({
        ...this.form('json-body', ''),
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ logout_token: decodeURIComponent(token) })),
      }),
      () => ({
        ...this.form('content-encoding', `logout_token=${token}`),
        headers: {
          'content-type': FORM,
          'content-encoding': this.pick(['gzip', 'deflate', 'br', 'x']),
        },
      }),
      () => ({
        ...this.form('method', `logout_token=${token}`),
        method: this.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']),
      }),
      () => this.form('large-body', `logout_token=${'A'.repeat(Math.floor(this.rnd() * 200_000))}`),
      () => this.form('huge-token', `logout_token=${token}${'.AAAA'.repeat(20_000)}`),
    ];
    return this.pick(shapes)();
  }

  private oddType(): Record<string, string> {
    const type = this.pick(ODD_CONTENT_TYPES);
    return type ? { 'content-type': type } : {};
  }

  /** A valid token with a change in its decoded bytes (so its signature can no longer match). */
  private mutateValid(): string {
    const parts = this.pick(this.validForSeeded).split('.');
    const r = this.rnd();
    if (r < 0.5) {
      const i = Math.floor(this.rnd() * 3);
      const bytes = Buffer.from(parts[i], 'base64url');
      const at = Math.floor(this.rnd() * bytes.length * 8);
      bytes[at >> 3] ^= 1 << (at & 7);
      parts[i] = bytes.toString('base64url');
      return parts.join('.');
    }
    if (r < 0.7) {
      const text = parts.join('.');
      return text.slice(0, Math.floor(this.rnd() * (text.length - 1)));
    }
    if (r < 0.85) return [parts[1], parts[0], parts[2]].join('.');
    if (r < 0.92) return [parts[0], parts[2], parts[1]].join('.');
    return this.rnd() < 0.5
      ? parts.slice(0, 2).join('.')
      : [...parts, parts[2], parts[1]].join('.');
  }

  /** Any text-level change to a token that is invalid anyway. */
  private mutateAny(): string {
    const text = this.pick(this.invalidSigned);
    const at = Math.floor(this.rnd() * text.length);
    const r = this.rnd();
    if (r < 0.4) return text.slice(0, at) + this.pick(JUNK) + text.slice(at);
    if (r < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(this.rnd() * 20));
    if (r < 0.75) return text.split('.').reverse().join('.');
    if (r < 0.9) return `${text}.${text}`;
    const junkJson = Buffer.from(
      JSON.stringify({ alg: this.pick(['RS256', 'none', 'HS256']), x: this.rnd() }),
    ).toString('base64url');
    return [junkJson, ...text.split('.').slice(1)].join('.');
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)];
  }
}

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
    { events: { [BACKCHANNEL_LOGOUT_EVENT]: [] } },
    { events: { [BACKCHANNEL_LOGOUT_EVENT]: null } },
    { nonce: null },
    { iss: '' },
    { iss: `${op.issuer}/` },
    { aud: clientId.toUpperCase() },
    { sub: `${sub}\u0000`, nonce: 'n' },
    { iat: Number.MAX_SAFE_INTEGER * 2 },
    { events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, exp: 1 },
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
    `{${base},"events":{"${BACKCHANNEL_LOGOUT_EVENT}":{}},"nested":${'['.repeat(3000)}${']'.repeat(3000)},"nonce":1}`,
    `{${base},"events":{"${BACKCHANNEL_LOGOUT_EVENT}":${'{"a":'.repeat(2000)}{}${'}'.repeat(2000)}},"nonce":1}`,
    `{${base},"events":{"${BACKCHANNEL_LOGOUT_EVENT}":{}},"sub":"${sub}"}`,
    `{${base},"events":{"${BACKCHANNEL_LOGOUT_EVENT}":{}},"x":"\\ud800","nonce":1}`,
    `{${base},"events":{"${BACKCHANNEL_LOGOUT_EVENT}":{}}`,
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

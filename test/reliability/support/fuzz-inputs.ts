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

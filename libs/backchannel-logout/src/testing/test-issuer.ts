import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_TYP } from '../common/backchannel-logout.constants';
import type { TrustedIssuerOptions } from '../receiver/receiver-options.interface';
import { invalidLogoutTokenInput } from './invalid-logout-token.variants';
import { generateTestKey, type TestKey } from './test-keys';
import { startTestIssuerServer, type TestIssuerRequestCounts } from './test-issuer.server';
import { mergeMembers, signTestJws } from './test-jws.util';
import type {
  InvalidLogoutTokenVariant,
  TestLogoutTokenInput,
  TestOtherTokenInput,
  TestJwsInput,
} from './test-token.types';

/** Options of `createTestIssuer()`. */
export interface TestIssuerOptions {
  /** `id_token_signing_alg_values_supported` in discovery. Default `['RS256']`. */
  readonly signingAlgorithms?: readonly string[];
}

/**
 * A local OpenID Provider for tests: a key pair, discovery and JWKS served on a loopback port, and token
 * minting. Point the receiver at it with `receiverIssuerOptions()`, then post what `logoutToken()` or
 * `invalidLogoutToken()` returns. `close()` it when done.
 *
 * @example
 * const op = await createTestIssuer();
 * BackchannelLogoutReceiverModule.forRoot({ issuers: [op.receiverIssuerOptions('my-rp')], sessions });
 * await request(app.getHttpServer()).post('/backchannel-logout').type('form')
 *   .send({ logout_token: await op.logoutToken({ clientId: 'my-rp', sub: 'alice' }) }).expect(200);
 */
export class TestIssuer {
  /** How many times discovery and the JWKS were fetched. */
  readonly requests: TestIssuerRequestCounts = { discovery: 0, jwks: 0 };
  private readonly published: TestKey[];
  private current: TestKey;
  private attacker: TestKey | undefined;
  private url = '';
  private server: Server | undefined;

  private constructor(private readonly options: TestIssuerOptions) {
    this.current = generateTestKey('RS256');
    // An EC key in the JWKS too: a token validly signed with it is still refused when ES256 is not allowed.
    this.published = [this.current, generateTestKey('ES256')];
  }

  /** Start a test issuer on `http://127.0.0.1:<random port>`. */
  static async start(options: TestIssuerOptions = {}): Promise<TestIssuer> {
    const issuer = new TestIssuer(options);
    const { url, server } = await startTestIssuerServer(
      {
        discovery: () => issuer.discoveryDocument(),
        jwks: () => ({ keys: issuer.published.map((k) => k.publicJwk) }),
      },
      issuer.requests,
    );
    issuer.url = url;
    issuer.server = server;
    return issuer;
  }

  /** The Issuer Identifier (`http://127.0.0.1:<port>`). */
  get issuer(): string {
    return this.url;
  }

  get jwksUri(): string {
    return `${this.url}/jwks`;
  }

  /** The key that signs tokens now. */
  get currentKey(): TestKey {
    return this.current;
  }

  /** The keys published in the JWKS. */
  get keys(): readonly TestKey[] {
    return this.published;
  }

  /** A trusted-issuer entry for the receiver; JWKS and algorithms come from this issuer's discovery. */
  receiverIssuerOptions(
    clientId: string,
    extra: Partial<TrustedIssuerOptions> = {},
  ): TrustedIssuerOptions {
    return { issuer: this.url, clientId, ...extra };
  }

  /** Key rotation: publish a new key and sign with it from now on. Returns the new key. */
  rotateKey(alg: TestKey['alg'] = 'RS256'): TestKey {
    this.current = generateTestKey(alg);
    this.published.push(this.current);
    return this.current;
  }

  /** A key that is not (yet) published; sign with it via `logoutToken({ key })`. */
  unpublishedKey(alg: TestKey['alg'] = 'RS256'): TestKey {
    return generateTestKey(alg);
  }

  /** One never-published RSA key, reused by the invalid variants (`unknown-kid`, `jku-header`). */
  get attackerKey(): TestKey {
    return (this.attacker ??= generateTestKey('RS256', `attacker-${this.published.length}`));
  }

  /** Publish `key` in the JWKS (without making it the signing key). */
  publishKey(key: TestKey): void {
    this.published.push(key);
  }

  /** A valid Logout Token; `input` changes any claim or header member. */
  logoutToken(input: TestLogoutTokenInput): Promise<string> {
    const key = input.key ?? this.current;
    const alg = input.alg ?? (input.secret !== undefined ? 'HS256' : key.alg);
    const isMac = alg.startsWith('HS');
    const header = mergeMembers(
      { alg, ...(isMac ? {} : { kid: key.kid }), typ: LOGOUT_TOKEN_TYP },
      input.header,
    );
    const now = Math.floor(Date.now() / 1000);
    const sub =
      input.sub === null
        ? undefined
        : (input.sub ?? (input.sid === undefined ? 'test-user' : undefined));
    const payload = mergeMembers(
      {
        iss: this.url,
        ...(sub !== undefined ? { sub } : {}),
        aud: input.clientId,
        iat: now,
        exp: now + 120,
        jti: randomUUID(),
        ...(input.sid !== undefined ? { sid: input.sid } : {}),
        events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      },
      input.claims,
    );
    return Promise.resolve(
      this.sign({ header, payload, alg, key, ...(isMac ? { secret: input.secret } : {}) }),
    );
  }

  /** A Logout Token that breaks exactly one rule (see `InvalidLogoutTokenVariant`). */
  invalidLogoutToken(
    variant: InvalidLogoutTokenVariant,
    input: TestLogoutTokenInput,
  ): Promise<string> {
    return invalidLogoutTokenInput(this, variant, input);
  }

  /** A genuine-looking ID Token for the same client (BCL-R-30): it must never pass as a Logout Token. */
  idToken(input: TestOtherTokenInput): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: this.url,
      sub: input.sub ?? 'test-user',
      aud: input.clientId,
      iat: now,
      exp: now + 300,
      auth_time: now - 5,
      nonce: randomUUID(),
      ...(input.sid !== undefined ? { sid: input.sid } : {}),
    };
    return Promise.resolve(
      this.sign({ header: { alg: 'RS256', kid: this.current.kid, typ: 'JWT' }, payload }),
    );
  }

  /** A JWT access token (RFC 9068, `typ: at+jwt`) for the same client (BCL-R-30). */
  accessToken(input: TestOtherTokenInput): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: this.url,
      sub: input.sub ?? 'test-user',
      aud: input.clientId,
      client_id: input.clientId,
      scope: 'openid profile',
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
      ...(input.sid !== undefined ? { sid: input.sid } : {}),
    };
    return Promise.resolve(
      this.sign({ header: { alg: 'RS256', kid: this.current.kid, typ: 'at+jwt' }, payload }),
    );
  }

  /** Low level: sign any header and payload (objects, or raw JSON text), with any algorithm including `none`. */
  sign(input: TestJwsInput): string {
    return signTestJws(input, this.current);
  }

  /** Stop the HTTP server. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((err) => (err ? reject(err) : resolve())),
    );
  }

  private discoveryDocument(): Record<string, unknown> {
    return {
      issuer: this.url,
      jwks_uri: this.jwksUri,
      id_token_signing_alg_values_supported: this.options.signingAlgorithms ?? ['RS256'],
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    };
  }
}

/** Start a `TestIssuer` (see there). */
export function createTestIssuer(options?: TestIssuerOptions): Promise<TestIssuer> {
  return TestIssuer.start(options);
}

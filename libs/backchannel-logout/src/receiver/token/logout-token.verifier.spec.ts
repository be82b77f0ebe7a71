import { createTestIssuer, type TestIssuer } from '../../testing/test-issuer';
import { IssuerRegistry } from '../issuers/issuer.registry';
import { resolveReceiverConfig } from '../receiver-config';
import type { TrustedIssuerOptions } from '../receiver-options.interface';
import { LogoutTokenVerifier } from './logout-token.verifier';

describe('LogoutTokenVerifier', () => {
  let op: TestIssuer;
  const verifierFor = (issuer: TrustedIssuerOptions, cooldownSeconds = 30): LogoutTokenVerifier => {
    const config = resolveReceiverConfig({
      issuers: [issuer],
      sessions: { terminator: { terminate: () => Promise.resolve({ endedSessionIds: [] }) } },
      jwks: { cooldownSeconds },
    });
    return new LogoutTokenVerifier(config, new IssuerRegistry(config));
  };
  const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> =>
    promise.then(
      () => undefined,
      (err: { code?: string }) => err.code,
    );

  beforeAll(async () => {
    op = await createTestIssuer();
  });
  afterAll(() => op.close());

  it('verifies a valid token with keys and algorithms from discovery', async () => {
    const verifier = verifierFor(op.receiverIssuerOptions('rp'));
    const token = await op.logoutToken({ clientId: 'rp', sub: 'alice', sid: 's-1' });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      iss: op.issuer,
      sub: 'alice',
      sid: 's-1',
    });
  });

  it('works without discovery when jwksUri and algorithms are configured', async () => {
    const before = op.requests.discovery;
    const verifier = verifierFor(
      op.receiverIssuerOptions('rp', { jwksUri: op.jwksUri, algorithms: ['RS256'] }),
    );
    await expect(verifier.verify(await op.logoutToken({ clientId: 'rp' }))).resolves.toMatchObject({
      sub: 'test-user',
    });
    expect(op.requests.discovery).toBe(before);
  });

  it('finds the key without a kid by trying each key of the right type', async () => {
    const verifier = verifierFor(
      op.receiverIssuerOptions('rp', { algorithms: ['RS256', 'ES256'] }),
    );
    const es256 = op.keys.find((k) => k.alg === 'ES256')!;
    const token = await op.logoutToken({ clientId: 'rp', key: es256, header: { kid: undefined } });
    await expect(verifier.verify(token)).resolves.toMatchObject({ header: { alg: 'ES256' } });
  });

  it('binds each key to its algorithm: an RS256 key does not verify a PS256 token', async () => {
    const verifier = verifierFor(
      op.receiverIssuerOptions('rp', { algorithms: ['RS256', 'PS256'] }),
    );
    const token = await op.logoutToken({ clientId: 'rp', alg: 'PS256' });
    expect(await codeOf(verifier.verify(token))).toBe('key_not_found');
  });

  it('refuses a non-string kid and a token over the size cap before any fetch', async () => {
    const verifier = verifierFor(op.receiverIssuerOptions('rp'));
    expect(
      await codeOf(verifier.verify(await op.logoutToken({ clientId: 'rp', header: { kid: 7 } }))),
    ).toBe('token_malformed');
    expect(await codeOf(verifier.verify('a'.repeat(16_385)))).toBe('request_token_too_large');
  });

  it('never uses the client secret for an asymmetric alg, nor a JWKS key for HS256', async () => {
    const verifier = verifierFor(
      op.receiverIssuerOptions('rp', { clientSecret: 'secret', algorithms: ['HS256'] }),
    );
    await expect(
      verifier.verify(await op.logoutToken({ clientId: 'rp', secret: 'secret' })),
    ).resolves.toBeDefined();
    expect(
      await codeOf(verifier.verify(await op.logoutToken({ clientId: 'rp', secret: 'other' }))),
    ).toBe('signature_invalid');
    expect(await codeOf(verifier.verify(await op.logoutToken({ clientId: 'rp' })))).toBe(
      'alg_not_allowed',
    );
  });
});

/**
 * JWKS handling against a live test issuer: a key published after the receiver started is accepted without a
 * restart, and a flood of unknown `kid`s costs the OP at most one JWKS request per cooldown.
 */
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { sleep, until } from '../support/wait';
import { expectRefused } from './fixtures/expect-refused';
import { ReceiverFixture } from './fixtures/receiver.fixture';

const CLIENT_ID = 'rp-rotation';

describe('key rotation and unknown kid floods', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;
  const send = (token: string) => rp.postForm({ logout_token: token });

  beforeEach(async () => {
    op = await createTestIssuer();
  });
  afterEach(async () => {
    await rp?.close();
    await op?.close();
  });

  it('accepts a key added to the JWKS after the receiver started, without a restart', async () => {
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      // Long enough that the refused send below lands inside it even on a loaded machine.
      receiver: { jwks: { cooldownSeconds: 3 } },
    });
    await rp.seedSession('k-1', { sub: 'alice' });
    await rp.seedSession('k-2', { sub: 'bob' });
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'nobody' }))).status).toBe(
      200,
    );
    expect(op.requests.jwks).toBe(1);

    const oldKey = op.currentKey;
    const newKey = op.rotateKey();
    // Within the cooldown of the last fetch, the new kid is not looked up again yet.
    expectRefused(
      await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' })),
      'key_not_found',
    );
    expect(await rp.existing(['k-1'])).toEqual(['k-1']);

    // Once the cooldown has passed, the unknown kid triggers one refetch and the new key is accepted.
    await until(
      async () =>
        (await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice', key: newKey })))
          .status === 200,
      10_000,
      200,
    );
    expect(op.requests.jwks).toBe(2);
    // The previous key is still published, and still works (Core §10.1.1), with no extra fetch.
    expect(
      (await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'bob', key: oldKey }))).status,
    ).toBe(200);
    expect(op.requests.jwks).toBe(2);
    expect(await rp.existing(['k-1', 'k-2'])).toEqual([]);
  });

  it('a flood of unknown kids causes at most one JWKS fetch per cooldown (default 30 s)', async () => {
    rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'nobody' }))).status).toBe(
      200,
    );
    const before = op.requests.jwks;

    const flood = await Promise.all(
      Array.from({ length: 60 }, async () =>
        send(await op.invalidLogoutToken('unknown-kid', { clientId: CLIENT_ID })),
      ),
    );
    for (let i = 0; i < 60; i++) {
      expectRefused(
        await send(await op.invalidLogoutToken('unknown-kid', { clientId: CLIENT_ID })),
        'key_not_found',
      );
    }
    for (const res of flood) expectRefused(res, 'key_not_found');
    expect(op.requests.jwks - before).toBe(0);
  });

  it('with a short cooldown, a sustained flood refetches at most once per cooldown', async () => {
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: { jwks: { cooldownSeconds: 0.5 } },
    });
    const started = Date.now();
    const bursts = 4;
    for (let i = 0; i < bursts; i++) {
      const burst = await Promise.all(
        Array.from({ length: 40 }, async () =>
          send(await op.invalidLogoutToken('unknown-kid', { clientId: CLIENT_ID })),
        ),
      );
      for (const res of burst) expectRefused(res, 'key_not_found');
      // The flood itself is timed: each burst lands in a new cooldown window (what is under test).
      await sleep(550);
    }
    const windows = Math.ceil((Date.now() - started) / 500);
    // One initial load plus at most one refetch per elapsed cooldown window, whatever the 160 requests did.
    expect(op.requests.jwks).toBeGreaterThanOrEqual(bursts);
    expect(op.requests.jwks).toBeLessThanOrEqual(1 + windows);
  });
});

/**
 * JWKS handling against a live test issuer: a key published after the receiver started is accepted without a
 * restart, a flood of unknown `kid`s costs the OP at most one JWKS request per cooldown, and an unknown `kid`
 * that the cooldown keeps from being looked up is a transient answer (the OP retries), never a final 400.
 */
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import type { Response } from 'supertest';
import { sleep, until } from '../support/wait';
import { expectRefused } from './fixtures/expect-refused';
import { expectTransient } from './fixtures/expect-transient';
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
    const oldKey = op.currentKey;
    // Generated (slow RSA) and signed before the first fetch, so the next request lands within the cooldown.
    const newKey = op.unpublishedKey();
    const aliceToken = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice', key: newKey });
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'nobody' }))).status).toBe(
      200,
    );
    expect(op.requests.jwks).toBe(1);

    op.publishKey(newKey);
    // Within the cooldown of the last fetch, the new kid is not looked up again yet: "try again later".
    expectTransient(await send(aliceToken), 'key_refetch_cooling_down');
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
      expectTransient(
        await send(await op.invalidLogoutToken('unknown-kid', { clientId: CLIENT_ID })),
        'key_refetch_cooling_down',
      );
    }
    for (const res of flood) expectTransient(res, 'key_refetch_cooling_down');
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
      // The request whose refetch found no such key gets the final 400; the others "try again later".
      for (const res of burst) expectUnknownKid(res);
      // The flood itself is timed: each burst lands in a new cooldown window (what is under test).
      await sleep(550);
    }
    const windows = Math.ceil((Date.now() - started) / 500);
    // One initial load plus at most one refetch per elapsed cooldown window, whatever the 160 requests did.
    expect(op.requests.jwks).toBeGreaterThanOrEqual(bursts);
    expect(op.requests.jwks).toBeLessThanOrEqual(1 + windows);
  });

  it('a flood of random kids cannot keep a rotated key out: accepted at the latest on the OP retry', async () => {
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: { jwks: { cooldownSeconds: 1 } },
    });
    await rp.seedSession('r-1', { sub: 'rosa' });
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'nobody' }))).status).toBe(
      200,
    );
    let flooding = true;
    const flood = (async () => {
      while (flooding) {
        const burst = await Promise.all(
          Array.from({ length: 10 }, async () =>
            send(await op.invalidLogoutToken('unknown-kid', { clientId: CLIENT_ID })),
          ),
        );
        for (const res of burst) expectUnknownKid(res);
      }
    })();
    try {
      const newKey = op.rotateKey();
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'rosa', key: newKey });
      const first = await send(token);
      if (first.status !== 200) {
        // Never a final 400: the OP retries after Retry-After, and then the key is found.
        expectTransient(first, 'key_refetch_cooling_down');
        await sleep(1000 * Number(first.headers['retry-after']));
        expect((await send(token)).status).toBe(200);
      }
      expect(await rp.existing(['r-1'])).toEqual([]);
    } finally {
      flooding = false;
      await flood;
    }
  });
});

/** An unknown kid: final 400 only after a fetch that began after the token arrived, else transient. */
function expectUnknownKid(res: Response): void {
  if (res.status === 400) expectRefused(res, 'key_not_found');
  else expectTransient(res, 'key_refetch_cooling_down');
}

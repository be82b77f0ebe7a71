/**
 * Transient failures of the receiver itself: the answer is "try again later" (503 `temporarily_unavailable`
 * with Retry-After, or 400 with `transientFailureStatus: 400`) with the error logged — never a silent or
 * partial 200 — and the jti is released, so the OP's retry of the same token succeeds once things recover.
 */
import Redis from 'ioredis';
import { RedisReplayStore } from 'nestjs-backchannel-logout/receiver';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { expectTransient } from './fixtures/expect-transient';
import { ReceiverFixture } from './fixtures/receiver.fixture';

const CLIENT_ID = 'rp-failures';

describe('failures while ending sessions', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;
  let hookFails = false;
  let downstreamFails = false;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: {
        afterLogout: () => {
          if (hookFails) throw new Error('refresh token revocation endpoint down');
        },
        downstream: () =>
          downstreamFails ? Promise.reject(new Error('outbox write failed')) : Promise.resolve(),
      },
    });
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });
  beforeEach(() => {
    rp.destroyer.failFor.clear();
    rp.destroyer.destroyed.length = 0;
    rp.logger.lines.length = 0;
    hookFails = false;
    downstreamFails = false;
  });
  afterEach(() => {
    // A token is never logged.
    expect(rp.logger.text().join('\n')).not.toContain('eyJ');
  });

  it('a session store that throws: 503, logged, and the retry of the same token ends the rest', async () => {
    for (const id of ['f-1', 'f-2', 'f-3'])
      await rp.seedSession(id, { sub: 'frank', sid: `${id}-sid` });
    rp.destroyer.failFor.add('f-2');
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'frank' });

    expectTransient(await rp.postForm({ logout_token: token }), 'session_termination_failed');
    const errors = rp.logger.text('error').join('\n');
    expect(errors).toContain('[session_termination_failed]');
    expect(errors).toContain('1 of 3 sessions could not be ended');
    expect(errors).toContain('session store unavailable while destroying f-2');
    // The other sessions were still ended (and unlinked); f-2 is kept linked for the retry.
    expect(await rp.existing(['f-1', 'f-2', 'f-3'])).toEqual(['f-2']);
    expect((await rp.index.find({ iss: op.issuer, sub: 'frank' })).map((l) => l.sessionId)).toEqual(
      ['f-2'],
    );

    rp.destroyer.failFor.clear();
    const retry = await rp.postForm({ logout_token: token });
    expect(retry.status).toBe(200);
    expect(await rp.existing(['f-1', 'f-2', 'f-3'])).toEqual([]);
  });

  it('every destroy failing: 503 and no session claimed as ended', async () => {
    await rp.seedSession('g-1', { sub: 'grace' });
    rp.destroyer.failFor.add('*');
    const res = await rp.postForm({
      logout_token: await op.logoutToken({ clientId: CLIENT_ID, sub: 'grace' }),
    });
    expectTransient(res, 'session_termination_failed');
    expect(await rp.existing(['g-1'])).toEqual(['g-1']);
    expect(rp.logger.text('error').join('\n')).toContain('1 of 1 sessions could not be ended');
  });

  it('the afterLogout hook throwing: 503 after_logout_hook_failed, logged; the retry succeeds', async () => {
    await rp.seedSession('h-1', { sub: 'heidi' });
    hookFails = true;
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'heidi' });
    expectTransient(await rp.postForm({ logout_token: token }), 'after_logout_hook_failed');
    expect(rp.logger.text('error').join('\n')).toContain('refresh token revocation endpoint down');
    hookFails = false;
    expect((await rp.postForm({ logout_token: token })).status).toBe(200);
  });

  it('downstream propagation failing: 503 downstream_logout_failed, logged', async () => {
    downstreamFails = true;
    const res = await rp.postForm({
      logout_token: await op.logoutToken({ clientId: CLIENT_ID, sub: 'ivan' }),
    });
    expectTransient(res, 'downstream_logout_failed');
    expect(rp.logger.text('error').join('\n')).toContain('outbox write failed');
  });
});

describe('failures of the receiver infrastructure', () => {
  it('a replay store that cannot reach Redis: 503 replay_store_failed, nothing ended', async () => {
    const op = await createTestIssuer();
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: { replayStore: new RedisReplayStore({ client: dead }) },
    });
    try {
      await rp.seedSession('r-1', { sub: 'rita' });
      const res = await rp.postForm({
        logout_token: await op.logoutToken({ clientId: CLIENT_ID, sub: 'rita' }),
      });
      expectTransient(res, 'replay_store_failed');
      expect(await rp.existing(['r-1'])).toEqual(['r-1']);
      expect(rp.logger.text('error').join('\n')).toContain('[replay_store_failed]');
    } finally {
      await rp.close();
      dead.disconnect();
      await op.close();
    }
  });

  it('an issuer whose discovery is unreachable: 503 issuer_metadata_unavailable, logged', async () => {
    const op = await createTestIssuer();
    const rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
    try {
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'sam' });
      await op.close();
      expectTransient(await rp.postForm({ logout_token: token }), 'issuer_metadata_unavailable');
      expect(rp.logger.text('error').join('\n')).toContain('[issuer_metadata_unavailable]');
    } finally {
      await rp.close();
    }
  });

  it('a JWKS that is unreachable (jwksUri configured): 503 jwks_unavailable', async () => {
    const op = await createTestIssuer();
    const rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: {
        issuers: [
          op.receiverIssuerOptions(CLIENT_ID, {
            jwksUri: `${op.issuer}/missing-jwks`,
            algorithms: ['RS256'],
          }),
        ],
      },
    });
    try {
      const res = await rp.postForm({
        logout_token: await op.logoutToken({ clientId: CLIENT_ID, sub: 'sam' }),
      });
      expectTransient(res, 'jwks_unavailable');
      expect(op.requests.discovery).toBe(0);
    } finally {
      await rp.close();
      await op.close();
    }
  });

  it('transientFailureStatus: 400 answers the same transient fault with 400 (BCL §2.8 literal)', async () => {
    const op = await createTestIssuer();
    const rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: {
        transientFailureStatus: 400,
        issuers: [op.receiverIssuerOptions(CLIENT_ID, { jwksUri: `${op.issuer}/missing-jwks` })],
      },
    });
    try {
      const res = await rp.postForm({
        logout_token: await op.logoutToken({ clientId: CLIENT_ID, sub: 'sam' }),
      });
      expectTransient(res, 'jwks_unavailable', 400);
    } finally {
      await rp.close();
      await op.close();
    }
  });
});

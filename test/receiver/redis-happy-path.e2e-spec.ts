import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout';
import { expectRefused } from './fixtures/expect-refused';
import { ReceiverFixture } from './fixtures/receiver.fixture';

describe('receiver with express-session in Redis (connect-redis) and the Redis session index', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op);
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('a sub-only token destroys all sessions of that user, and only those', async () => {
    await rp.seedSession('a-1', { sub: 'alice', sid: 'op-a1' });
    await rp.seedSession('a-2', { sub: 'alice', sid: 'op-a2' });
    await rp.seedSession('b-1', { sub: 'bob', sid: 'op-b1' });
    const res = await rp.postForm({
      logout_token: await op.logoutToken({ clientId: rp.clientId, sub: 'alice' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await rp.existing(['a-1', 'a-2', 'b-1'])).toEqual(['b-1']);
  });

  it('the same token twice is a replay', async () => {
    await rp.seedSession('c-1', { sub: 'carol' });
    const token = await op.logoutToken({ clientId: rp.clientId, sub: 'carol' });
    expect((await rp.postForm({ logout_token: token })).status).toBe(200);
    expectRefused(await rp.postForm({ logout_token: token }), 'token_replayed');
  });
});

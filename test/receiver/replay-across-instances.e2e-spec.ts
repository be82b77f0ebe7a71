/**
 * Two RP instances (two Nest apps) sharing Redis: a token performed on one is a recognised retransmission on
 * the other (200, nothing done again — issue #8 contract); concurrent copies end the sessions exactly once.
 */
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { uniquePrefix } from '../support/redis';
import { ReceiverFixture } from './fixtures/receiver.fixture';

const CLIENT_ID = 'rp-cluster';

describe('replay protection across two receiver instances sharing Redis', () => {
  let op: TestIssuer;
  let first: ReceiverFixture;
  let second: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    const prefix = uniquePrefix('cluster');
    first = await ReceiverFixture.start(op, { clientId: CLIENT_ID, prefix });
    second = await ReceiverFixture.start(op, { clientId: CLIENT_ID, prefix });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await op?.close();
  });

  it('the second delivery of the same token, to the other instance, is acknowledged without acting', async () => {
    await first.seedSession('c-1', { sub: 'alice' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' });
    expect((await first.postForm({ logout_token: token })).status).toBe(200);
    await first.seedSession('c-1b', { sub: 'alice' });
    expect((await second.postForm({ logout_token: token })).status).toBe(200);
    expect(second.destroyer.destroyed).toEqual([]);
    expect(await second.existing(['c-1', 'c-1b'])).toEqual(['c-1b']);
  });

  it('simultaneous deliveries to both instances: all acknowledged, sessions end once', async () => {
    await first.seedSession('c-2', { sub: 'bob' });
    await first.seedSession('c-3', { sub: 'bob' });
    first.destroyer.destroyed.length = 0;
    second.destroyer.destroyed.length = 0;
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'bob' });
    const responses = await Promise.all([
      first.postForm({ logout_token: token }),
      second.postForm({ logout_token: token }),
      first.postForm({ logout_token: token }),
      second.postForm({ logout_token: token }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect([...first.destroyer.destroyed, ...second.destroyer.destroyed].sort()).toEqual([
      'c-2',
      'c-3',
    ]);
    expect(await first.existing(['c-2', 'c-3'])).toEqual([]);
  });

  it('a session linked on one instance is ended by a token delivered to the other', async () => {
    await first.seedSession('c-4', { sub: 'carol', sid: 'sid-c4' });
    expect(
      (
        await second.postForm({
          logout_token: await op.logoutToken({ clientId: CLIENT_ID, sid: 'sid-c4', sub: null }),
        })
      ).status,
    ).toBe(200);
    expect(await first.existing(['c-4'])).toEqual([]);
  });
});

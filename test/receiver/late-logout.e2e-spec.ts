/**
 * Late delivery (issue #8 contract): `iat` is the logout time and may be hours old while `exp` is fresh. The
 * receiver accepts it up to `maxLogoutAgeSeconds`, ends only the sessions that existed at the logout time, and
 * refuses an older one with the final `logout_too_old`.
 */
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { expectRefused } from './fixtures/expect-refused';
import { ReceiverFixture } from './fixtures/receiver.fixture';

const CLIENT_ID = 'rp-late';
const HOUR = 3600;

describe('a logout delivered hours late', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;
  const now = () => Math.floor(Date.now() / 1000);
  const lateToken = (claims: { sub?: string | null; sid?: string }, ageSeconds: number) => {
    const iat = now() - ageSeconds;
    return op.logoutToken({ clientId: CLIENT_ID, ...claims, claims: { iat, exp: now() + 120 } });
  };

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('sub-only, 3 h late: ends the sessions from before the logout, never one begun after it', async () => {
    await rp.seedSession('l-old', { sub: 'lena', sid: 'op-l-old', authTime: now() - 4 * HOUR });
    await rp.seedSession('l-new', { sub: 'lena', sid: 'op-l-new', authTime: now() - 2 * HOUR });
    expect(
      (await rp.postForm({ logout_token: await lateToken({ sub: 'lena' }, 3 * HOUR) })).status,
    ).toBe(200);
    expect(await rp.existing(['l-old', 'l-new'])).toEqual(['l-new']);
  });

  it('sid, 3 h late: a session linked to that sid but authenticated after the logout survives', async () => {
    await rp.seedSession('m-old', { sub: 'mia', sid: 'op-m', authTime: now() - 4 * HOUR });
    await rp.seedSession('m-new', { sub: 'mia', sid: 'op-m', authTime: now() - HOUR });
    const token = await lateToken({ sub: 'mia', sid: 'op-m' }, 3 * HOUR);
    expect((await rp.postForm({ logout_token: token })).status).toBe(200);
    expect(await rp.existing(['m-old', 'm-new'])).toEqual(['m-new']);
  });

  it('older than maxLogoutAgeSeconds (1 day): 400 logout_too_old, nothing ended', async () => {
    await rp.seedSession('n-1', { sub: 'nina', authTime: now() - 3 * 24 * HOUR });
    expectRefused(
      await rp.postForm({ logout_token: await lateToken({ sub: 'nina' }, 24 * HOUR + 120) }),
      'logout_too_old',
    );
    expect(await rp.existing(['n-1'])).toEqual(['n-1']);
  });
});

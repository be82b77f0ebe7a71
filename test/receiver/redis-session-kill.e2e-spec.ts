/**
 * Sessions killed inside the claim's script (`RedisSessionDestroyer`, issue #10), on a real Nest app with Redis
 * and connect-redis: the sessions are really gone from the session store, §2.6/§2.7 checks still hold (sub
 * mismatch, newer logins, duplicates, copies in progress), and a custom destroyer keeps the usual path.
 */
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { RedisClaimKill } from '../../libs/backchannel-logout/src/receiver/sessions/index/redis-claim-kill.store';
import { expectRefused } from './fixtures/expect-refused';
import { ReceiverFixture } from './fixtures/receiver.fixture';
import { until } from '../support/wait';

const CLIENT_ID = 'rp-redis-kill';

describe('sessions killed in Redis with the claim (RedisSessionDestroyer)', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;
  let hold: Promise<void> | undefined;
  let hooks = 0;
  const send = (token: string) => rp.postForm({ logout_token: token });

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      redisSessionKill: true,
      receiver: {
        duplicateWaitMs: 3000,
        // Runs between the kill and "done": holding it keeps the token in progress.
        afterLogout: async () => {
          hooks++;
          await hold;
        },
      },
    });
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('is the path in use: the one-command kill is wired', () => {
    expect(rp.app.get(RedisClaimKill)).toBeInstanceOf(RedisClaimKill);
  });

  it('ends the sessions in the session store itself, and unlinks them', async () => {
    await rp.seedSession('k-1', { sub: 'kai', sid: 'k-sid-1' });
    await rp.seedSession('k-2', { sub: 'kai', sid: 'k-sid-2' });
    await rp.seedSession('k-3', { sub: 'kim', sid: 'k-sid-3' });
    const res = await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'kai' }));
    expect(res.status).toBe(200);
    expect(await rp.existing(['k-1', 'k-2', 'k-3'])).toEqual(['k-3']);
    await rp.settled();
    await expect(rp.index.find({ iss: op.issuer, sub: 'kai' })).resolves.toEqual([]);
  });

  it('a sid token ends only that session, never a newer login', async () => {
    const now = Math.floor(Date.now() / 1000);
    await rp.seedSession('l-1', { sub: 'lea', sid: 'l-sid', authTime: now - 300 });
    await rp.seedSession('l-2', { sub: 'lea', sid: 'l-other', authTime: now - 300 });
    await rp.seedSession('l-3', { sub: 'lea', authTime: now + 600 });
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sid: 'l-sid' }))).status).toBe(
      200,
    );
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'lea' }))).status).toBe(
      200,
    );
    // l-3 began after the second token's iat (its logout time): it survives.
    expect(await rp.existing(['l-1', 'l-2', 'l-3'])).toEqual(['l-3']);
  });

  it('BCL-R-33: sid of a session of another sub: refused, nothing ended, a retransmission is refused too', async () => {
    await rp.seedSession('m-1', { sub: 'mia', sid: 'm-sid' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'mallory', sid: 'm-sid' });
    expectRefused(await send(token), 'session_sub_mismatch');
    // The jti was released, so the copy is judged again (not answered as a duplicate).
    expectRefused(await send(token), 'session_sub_mismatch');
    expect(await rp.existing(['m-1'])).toEqual(['m-1']);
  });

  it('a retransmission of a performed logout: 200, nothing done again, a session begun since survives', async () => {
    await rp.seedSession('n-1', { sub: 'nia' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'nia' });
    expect((await send(token)).status).toBe(200);
    await rp.settled();
    await rp.seedSession('n-2', { sub: 'nia' });
    const before = hooks;
    expect((await send(token)).status).toBe(200);
    expect(hooks).toBe(before);
    expect(await rp.existing(['n-1', 'n-2'])).toEqual(['n-2']);
  });

  it('a copy arriving while the first is in progress waits for it: both 200, the hook ran once', async () => {
    await rp.seedSession('o-1', { sub: 'ole' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'ole' });
    let release = () => undefined as void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const before = hooks;
    const first = send(token).then((res) => res);
    await until(() => hooks > before);
    // The kill happened before the hook, in the same command as the claim.
    expect(await rp.existing(['o-1'])).toEqual([]);
    const second = send(token).then((res) => res);
    release();
    hold = undefined;
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(hooks).toBe(before + 1);
  });

  it('sessions still linked by 0.1.0 (legacyKeys on): the token is finished the two-step way, all end', async () => {
    const enc = encodeURIComponent;
    // Exactly what 0.1.0's link script wrote, next to a session linked in the current layout.
    await rp.seedSession('p-new', { sub: 'pia', sid: 'p-sid-new' });
    await rp.seedSession('p-old', { sub: 'pia', sid: 'p-sid-old' });
    await rp.index.unlink('p-old');
    const hash = { iss: op.issuer, sub: 'pia', sid: 'p-sid-old' };
    await rp.redis.hset(`${rp.prefix}:index:session:${enc('p-old')}`, hash);
    await rp.redis.sadd(`${rp.prefix}:index:sub:${enc(op.issuer)}|pia`, 'p-old');
    expect((await send(await op.logoutToken({ clientId: CLIENT_ID, sub: 'pia' }))).status).toBe(
      200,
    );
    expect(await rp.existing(['p-new', 'p-old'])).toEqual([]);
    await rp.settled();
    expect(await rp.redis.exists(`${rp.prefix}:index:sub:${enc(op.issuer)}|pia`)).toBe(0);
  });
});

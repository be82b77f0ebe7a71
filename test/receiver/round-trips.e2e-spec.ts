/**
 * What a valid Logout Token costs in Redis round trips and commands (issue #10), through the real fixture app: the
 * jti claim and the index lookup go out together as one command (the stores' batch script), then the session
 * kill, and the 200; then "done" with the unlinks as one command. The kill always precedes the 200 and "done". A
 * round trip is a group of commands sent before any of them is answered. With a `RedisSessionDestroyer` (the
 * session store's key prefix known) the claim, the lookup and the kill are one command: one round trip.
 */
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { ReceiverFixture } from './fixtures/receiver.fixture';
import { postRecorded } from './fixtures/round-trip.recorder';

const CLIENT_ID = 'rp-round-trips';

describe('Redis round trips per valid Logout Token', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('two round trips before the 200 (claim + lookup, kill), then done + unlink: one command each', async () => {
    await rp.seedSession('rt-1', { sub: 'rita', sid: 'rt-sid-1' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'rita', sid: 'rt-sid-1' });
    const { status, trips } = await postRecorded(rp, token);
    expect(status).toBe(200);
    // The fixture linked the session through the same client, so Redis already has the script: EVALSHA.
    expect(trips.slice(0, 2)).toEqual([
      ['evalsha(acquire,find,smembers)'], // acquire the jti; the index lookup (and the 0.1.0 layout's set)
      ['del'], // express-session's destroy
    ]);
    // "Done" and the unlinks follow the kill, and do not hold the answer back.
    expect(trips.slice(2).flat().sort()).toEqual(
      ['200 received', 'evalsha(complete,del,hdel,hdel)'].sort(),
    );
    expect(await rp.existing(['rt-1'])).toEqual([]);
    await expect(rp.index.find({ iss: op.issuer, sub: 'rita' })).resolves.toEqual([]);
  });

  it('an unlink that fails after the kill: still 200, logged; the session stays ended', async () => {
    await rp.seedSession('rt-2', { sub: 'sam', sid: 'rt-sid-2' });
    // A fault Redis cannot be made to produce on one command while the others succeed.
    const unlink = jest.spyOn(rp.index, 'unlink').mockRejectedValueOnce(new Error('unlink lost'));
    try {
      const res = await rp.postForm({
        logout_token: await op.logoutToken({ clientId: CLIENT_ID, sid: 'rt-sid-2' }),
      });
      expect(res.status).toBe(200);
    } finally {
      unlink.mockRestore();
    }
    expect(await rp.existing(['rt-2'])).toEqual([]);
    expect(rp.logger.text('error').join('\n')).toContain('Could not unlink ended sessions');
  });
});

describe('Redis round trips per valid Logout Token, sessions killed in Redis (RedisSessionDestroyer)', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID, redisSessionKill: true });
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('one round trip before the 200 (claim + lookup + kill), then done + unlink: one command', async () => {
    await rp.seedSession('rk-1', { sub: 'rosa', sid: 'rk-sid-1' });
    await rp.seedSession('rk-2', { sub: 'rosa', sid: 'rk-sid-2' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'rosa' });
    const { status, trips } = await postRecorded(rp, token);
    expect(status).toBe(200);
    // This script is new to Redis on the first token: EVAL (EVALSHA after).
    expect(trips[0]).toEqual(['eval(claim+kill)']);
    expect(trips.slice(1).flat().sort()).toEqual(
      ['200 received', 'evalsha(complete,del,hdel,hdel,del,hdel,hdel)'].sort(),
    );
    expect(await rp.existing(['rk-1', 'rk-2'])).toEqual([]);
    await expect(rp.index.find({ iss: op.issuer, sub: 'rosa' })).resolves.toEqual([]);
  });

  it('the next token: EVALSHA, still one round trip before the 200', async () => {
    await rp.seedSession('rk-3', { sub: 'rudi', sid: 'rk-sid-3' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'rudi', sid: 'rk-sid-3' });
    const { status, trips } = await postRecorded(rp, token);
    expect(status).toBe(200);
    expect(trips[0]).toEqual(['evalsha(claim+kill)']);
    expect(trips.slice(1).flat().sort()).toEqual(
      ['200 received', 'evalsha(complete,del,hdel,hdel)'].sort(),
    );
    expect(await rp.existing(['rk-3'])).toEqual([]);
  });
});

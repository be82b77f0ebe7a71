/**
 * Duplicates and in-progress retransmissions (issue #8 contract), on a real Nest app with Redis: a copy of a
 * performed logout is acknowledged without acting again; a copy that arrives while the first is in progress
 * waits for its outcome, takes over if the first failed, and answers "try again later" at the bound.
 */
import { ReplayStore } from 'nestjs-backchannel-logout';
import { RedisReplayStore } from 'nestjs-backchannel-logout/receiver';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { deleteKeysWithPrefix, testRedisUrl } from '../support/redis';
import { until } from '../support/wait';
import { expectTransient } from './fixtures/expect-transient';
import { ReceiverFixture } from './fixtures/receiver.fixture';

const CLIENT_ID = 'rp-duplicates';

describe('duplicate and in-progress retransmissions', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;
  let release: () => void = () => undefined;
  const send = (token: string) => rp.postForm({ logout_token: token });

  /** Every destroy waits until `release()` is called. */
  function holdDestroys(): void {
    rp.destroyer.hold = new Promise<void>((resolve) => {
      release = () => {
        rp.destroyer.hold = undefined;
        resolve();
      };
    });
  }

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: { duplicateWaitMs: 3000 },
    });
  });
  afterAll(async () => {
    release();
    await rp?.close();
    await op?.close();
  });
  beforeEach(() => {
    rp.destroyer.destroyed.length = 0;
    rp.logger.lines.length = 0;
  });

  it('a retransmission of a performed logout: 200, nothing done again, a session begun since survives', async () => {
    await rp.seedSession('d-1', { sub: 'dora' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'dora' });
    expect((await send(token)).status).toBe(200);
    // Dora logs in again after the logout (no authTime: only "never act again" can protect this session).
    await rp.seedSession('d-2', { sub: 'dora' });
    const again = await send(token);
    expect({ status: again.status, cacheControl: again.headers['cache-control'] }).toEqual({
      status: 200,
      cacheControl: 'no-store',
    });
    expect(rp.destroyer.destroyed).toEqual(['d-1']);
    expect(await rp.existing(['d-1', 'd-2'])).toEqual(['d-2']);
    expect(rp.logger.text('log').join('\n')).toContain('duplicate');
  });

  it('a copy arriving while the first is in progress waits for it: both 200, sessions ended once', async () => {
    await rp.seedSession('e-1', { sub: 'emil' });
    await rp.seedSession('e-2', { sub: 'emil' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'emil' });
    holdDestroys();
    const first = send(token).then((res) => res);
    await until(() => rp.destroyer.destroyed.length > 0);
    const second = send(token).then((res) => res);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(rp.destroyer.destroyed.sort()).toEqual(['e-1', 'e-2']);
    expect(await rp.existing(['e-1', 'e-2'])).toEqual([]);
  });

  it('the first copy fails while a second waits: the second takes over and performs the logout', async () => {
    await rp.seedSession('f-1', { sub: 'fred' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'fred' });
    holdDestroys();
    rp.destroyer.failOnce.add('f-1');
    const first = send(token).then((res) => res);
    await until(() => rp.destroyer.destroyed.length > 0);
    const second = send(token).then((res) => res);
    release();
    expectTransient(await first, 'session_termination_failed');
    expect((await second).status).toBe(200);
    expect(rp.destroyer.destroyed).toEqual(['f-1', 'f-1']);
    expect(await rp.existing(['f-1'])).toEqual([]);
  });

  it('the 200 does not wait for "done"; a copy sent before it is written waits, then is a duplicate', async () => {
    await rp.seedSession('h-1', { sub: 'hugo' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'hugo' });
    const store = rp.app.get<ReplayStore>(ReplayStore);
    const complete = store.complete.bind(store);
    let write: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (write = resolve));
    // "Done" reaches Redis only once the test says so (then through the real store).
    const spy = jest
      .spyOn(store, 'complete')
      .mockImplementationOnce(async (...args) => written.then(() => complete(...args)));
    const acquire = store.acquire.bind(store);
    const states: string[] = [];
    const claims = jest.spyOn(store, 'acquire').mockImplementation(async (...args) => {
      const state = await acquire(...args);
      states.push(state);
      return state;
    });
    try {
      // Were the answer waiting for "done", this would never resolve (the test would time out).
      expect((await send(token)).status).toBe(200);
      expect(await rp.existing(['h-1'])).toEqual([]);
      const copy = send(token).then((res) => res);
      await until(() => states.length >= 2);
      write();
      expect((await copy).status).toBe(200);
      await rp.settled();
    } finally {
      write();
      spy.mockRestore();
      claims.mockRestore();
    }
    expect(states.slice(0, 2)).toEqual(['acquired', 'in_progress']);
    expect(rp.destroyer.destroyed).toEqual(['h-1']);
    expect(rp.logger.text('log').join('\n')).toContain('duplicate');
  });

  it('still in progress at duplicateWaitMs: 503 duplicate_in_progress; the first still succeeds', async () => {
    const quick = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      receiver: { duplicateWaitMs: 150 },
    });
    try {
      await quick.seedSession('g-1', { sub: 'gina' });
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'gina' });
      let open: () => void = () => undefined;
      quick.destroyer.hold = new Promise<void>((resolve) => (open = resolve));
      const first = quick.postForm({ logout_token: token }).then((res) => res);
      await until(() => quick.destroyer.destroyed.length > 0);
      expectTransient(await quick.postForm({ logout_token: token }), 'duplicate_in_progress');
      quick.destroyer.hold = undefined;
      open();
      expect((await first).status).toBe(200);
      expect(await quick.existing(['g-1'])).toEqual([]);
      // The OP's later retry is acknowledged.
      expect((await quick.postForm({ logout_token: token })).status).toBe(200);
      expect(quick.destroyer.destroyed).toEqual(['g-1']);
    } finally {
      await quick.close();
    }
  });

  it('shutdown waits for the "done" of an answered token before closing the store\'s own connection', async () => {
    const prefix = `${rp.prefix}-shutdown`;
    // Built from a URL: the module closes this connection when the app shuts down.
    const store = new RedisReplayStore({ url: testRedisUrl(), keyPrefix: `${prefix}:` });
    const app = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      prefix,
      receiver: { replayStore: store },
    });
    const complete = store.complete.bind(store);
    let shutDown: () => void = () => undefined;
    const closing = new Promise<void>((resolve) => (shutDown = resolve));
    // "Done" is written only once the shutdown has begun.
    jest
      .spyOn(store, 'complete')
      .mockImplementationOnce(async (...args) => closing.then(() => complete(...args)));
    try {
      await app.seedSession('s-1', { sub: 'sara' });
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'sara' });
      expect((await app.postForm({ logout_token: token })).status).toBe(200);
      const closed = app.app.close();
      shutDown();
      await closed;
      expect(app.logger.text('error').join('\n')).not.toContain('Could not record');
      const keys = await app.redis.keys(`${prefix}:jti:*`);
      expect(await Promise.all(keys.map((key) => app.redis.get(key)))).toEqual(['d']);
    } finally {
      shutDown();
      await deleteKeysWithPrefix(prefix);
      app.redis.disconnect();
    }
  });
});

import {
  ExpiredSession,
  generateSid,
  SESSION_END_REASONS,
  SessionExpiredEvent,
  SessionExpirySource,
  SessionLifecycleService,
} from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';
import { claimsOf, clientId, sessionOf } from './support/provider-helpers';

/** A host expiry source: hands out the sids it is given, each exactly once. */
class ListExpirySource implements SessionExpirySource {
  readonly expired: string[] = [];
  claimExpired(limit: number): Promise<ExpiredSession[]> {
    return Promise.resolve(
      this.expired.splice(0, limit).map((sid) => ({ sid, reason: 'host_policy_expired' })),
    );
  }
}

describe.each(databaseCases())('session lifetimes and expiry on %s', (_db, database) => {
  const prefix = uniquePrefix('expiry');
  const hostSource = new ListExpirySource();
  const expiredEvents: SessionExpiredEvent[] = [];
  let now = Date.now();
  let op: FixtureOp;
  let lifecycle: SessionLifecycleService;
  let rp: CapturingRp;

  beforeAll(async () => {
    rp = await new CapturingRp().start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      module: {
        delivery: { ...LOOPBACK_DELIVERY, timeoutMs: 2000, backoffBaseMs: 100 },
        sessionLifetime: {
          idleSeconds: 60,
          absoluteSeconds: 100,
          checkIntervalMs: 100,
          batchSize: 2,
          touchIntervalMs: 0,
          source: hostSource,
          clock: () => new Date(now),
        },
      },
    });
    lifecycle = op.get(SessionLifecycleService);
    lifecycle.onExpired((e) => void expiredEvents.push(e));
  });

  afterAll(async () => {
    await rp.stop();
    await op?.close();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  /** A tracked session of `sub` with one fresh client (whose deliveries go to `rp`). */
  async function trackedSession(sub = `user-${clientId('u')}`) {
    const client = clientId('c');
    const sid = await sessionOf(op, [{ clientId: client, uri: rp.url(`/${client}`) }], sub);
    await lifecycle.begin({ sid, sub });
    return { sid, sub, client };
  }

  const tokensFor = (client: string) =>
    rp.requests.filter((r) => r.url === `/${client}`).map(claimsOf);
  const reasonsOf = async (sid: string) => {
    const rows = await op.dataSource
      .createQueryBuilder()
      .select('d.reason', 'reason')
      .from('bcl_delivery', 'd')
      .where('d.sid = :sid', { sid })
      .getRawMany<{ reason: string }>();
    return rows.map((r) => r.reason);
  };

  it('ends an idle session in the scheduled job: one token with its sid, reason session_expired_idle', async () => {
    const { sid, sub, client } = await trackedSession();
    const other = await trackedSession();
    now += 30_000;
    await expect(lifecycle.touch(other.sid)).resolves.toBe(true);
    now += 31_000; // the first is idle for 61 s, the other for 31 s
    await until(() => tokensFor(client).length === 1);
    expect(tokensFor(client)[0]).toMatchObject({ sub, sid, events: expect.any(Object) });
    await expect(reasonsOf(sid)).resolves.toEqual([SESSION_END_REASONS.idleTimeout]);
    expect(expiredEvents).toContainEqual(new SessionExpiredEvent(sid, 'session_expired_idle'));
    await expect(lifecycle.isLive(other.sid)).resolves.toBe(true);
    await expect(lifecycle.touch(sid)).resolves.toBe(false);
    expect(tokensFor(other.client)).toEqual([]);
  });

  it('ends a session at its absolute lifetime however active it is', async () => {
    const { sid, client } = await trackedSession();
    for (let i = 0; i < 2; i++) {
      now += 50_000;
      await expect(lifecycle.touch(sid)).resolves.toBe(true);
    }
    now += 1_000;
    await until(() => tokensFor(client).length === 1);
    await expect(reasonsOf(sid)).resolves.toEqual([SESSION_END_REASONS.absoluteLifetime]);
  });

  it('a touch after the lifetime answers false and notifies exactly once, racing the job', async () => {
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => trackedSession()));
    now += 61_000;
    const answers = await Promise.all(sessions.map((s) => lifecycle.touch(s.sid)));
    expect(answers).toEqual([false, false, false, false, false]);
    for (const s of sessions) await until(() => tokensFor(s.client).length >= 1);
    await until(async () => (await lifecycle.runExpiry()) === 0);
    for (const s of sessions) expect(tokensFor(s.client)).toHaveLength(1);
  });

  it('expire(sid) by the host: reason session_expired, once; an unknown sid is still notified', async () => {
    const { sid, client } = await trackedSession();
    await expect(lifecycle.expire(sid)).resolves.toMatchObject({ deliveries: [{ sid }] });
    await expect(lifecycle.expire(sid)).resolves.toBeNull();
    const untracked = clientId('c');
    const untrackedSid = await sessionOf(op, [
      { clientId: untracked, uri: rp.url(`/${untracked}`) },
    ]);
    await expect(lifecycle.expire(untrackedSid)).resolves.toMatchObject({
      deliveries: [{ sid: untrackedSid }],
    });
    await until(() => tokensFor(client).length === 1 && tokensFor(untracked).length === 1);
    await expect(reasonsOf(sid)).resolves.toEqual([SESSION_END_REASONS.expired]);
  });

  it('endOtherSessions: every other session of the user, one token each (session_replaced); the kept one lives', async () => {
    const sub = `user-${clientId('u')}`;
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => trackedSession(sub)));
    const keep = sessions[2];
    await expect(lifecycle.endOtherSessions(sub, keep.sid)).resolves.toBe(4);
    for (const s of sessions.filter((x) => x !== keep)) {
      await until(() => tokensFor(s.client).length === 1);
      expect(tokensFor(s.client)[0]).toMatchObject({ sub, sid: s.sid });
      await expect(reasonsOf(s.sid)).resolves.toEqual([SESSION_END_REASONS.replaced]);
    }
    await expect(lifecycle.isLive(keep.sid)).resolves.toBe(true);
    expect(tokensFor(keep.client)).toEqual([]);
  });

  it("a host expiry source's sessions are ended by the same job, with the source's reason", async () => {
    const ends = await Promise.all([1, 2, 3].map(() => trackedSession()));
    hostSource.expired.push(...ends.map((s) => s.sid));
    for (const s of ends) {
      await until(() => tokensFor(s.client).length === 1);
      await expect(reasonsOf(s.sid)).resolves.toEqual(['host_policy_expired']);
    }
    // Already ended sessions handed out again are not notified twice.
    hostSource.expired.push(ends[0].sid);
    await until(() => hostSource.expired.length === 0);
    await lifecycle.runExpiry();
    expect(tokensFor(ends[0].client)).toHaveLength(1);
  });

  it('endUser marks every tracked session of the user ended and sends sub-only tokens', async () => {
    const sub = `user-${clientId('u')}`;
    const a = await trackedSession(sub);
    const b = await trackedSession(sub);
    const result = await lifecycle.endUser({ sub, reason: 'user_disabled' });
    expect(result.sessionsEnded).toBe(2);
    await until(() => tokensFor(a.client).length === 1 && tokensFor(b.client).length === 1);
    expect(tokensFor(a.client)[0].sid).toBeUndefined();
    await expect(lifecycle.isLive(a.sid)).resolves.toBe(false);
    await expect(lifecycle.expire(b.sid)).resolves.toBeNull();
  });

  it('leaves untracked sessions alone in touch, and tracks them from then on with a sub', async () => {
    const sid = generateSid();
    await expect(lifecycle.touch(sid)).resolves.toBe(true);
    await expect(lifecycle.isLive(sid)).resolves.toBe(false);
    await expect(lifecycle.touch(sid, 'user-late')).resolves.toBe(true);
    await expect(lifecycle.isLive(sid)).resolves.toBe(true);
  });
});

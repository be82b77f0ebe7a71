import { PrivateRedis } from '../provider/support/private-redis';
import { databaseCases } from '../support/databases';
import { until } from '../support/wait';
import { seededRandom, type Fault } from './support/fault-proxy';
import { report } from './support/report';
import { TwoParty } from './support/two-party';

const LOGOUTS = 1000;
const SEED = Number(process.env.FAULT_SEED ?? 20261203);
const subOnly = (i: number): boolean => i % 4 === 3;

/**
 * Issue #8, "two-party fault test": this library's provider -> a fault proxy (lost responses after the receiver
 * acted, answers held past the OP's timeout, 502s, connection resets) -> this library's receiver, for 1 000
 * logouts (sid and sub-only), with a key rotation in the middle and sessions that begin after their user's
 * logout. Every delivery must end `delivered`, every session that existed at logout time must be gone, and no
 * session that began after the logout may be touched.
 */
describe.each(databaseCases())(
  'two-party faults, provider -> proxy -> receiver, on %s',
  (dbName, database) => {
    const random = seededRandom(SEED);
    const choose = (): Fault => {
      const r = random();
      if (r < 0.6) return 'pass';
      if (r < 0.7) return 'drop-after';
      if (r < 0.8) return 'late';
      if (r < 0.9) return 'bad-gateway';
      return 'reset';
    };
    let run: TwoParty;

    beforeAll(async () => {
      run = await TwoParty.start(database, choose);
    });
    afterAll(() => run?.close());

    it(`${LOGOUTS} logouts: 0 false failures, 0 missed logouts, 0 post-logout sessions ended`, async () => {
      const started = Date.now();
      const mustEnd = await run.seed(LOGOUTS, subOnly);
      const mustSurvive: string[] = [];
      for (let i = 0; i < LOGOUTS; i++) {
        if (i === LOGOUTS / 2) run.keys.rotate();
        const relogin = await run.logout(i, subOnly(i), i % 10 === 0);
        if (relogin) mustSurvive.push(relogin);
      }
      const enqueuedMs = Date.now() - started;
      const { byStatus, attemptsMax, attemptsTotal } = await run.settled(LOGOUTS);
      const missed = await run.receiver.existing(mustEnd);
      const survivors = await run.receiver.existing(mustSurvive);

      report(`two-party-faults-${dbName.toLowerCase()}`, {
        logouts: LOGOUTS,
        seed: SEED,
        faults: run.proxy.counts,
        receiverAnswers: Object.fromEntries(run.proxy.receiverAnswers),
        deliveries: byStatus,
        falseFailures: LOGOUTS - (byStatus.delivered ?? 0),
        missedLogouts: missed.length,
        postLogoutSessionsEnded: mustSurvive.length - survivors.length,
        attemptsMax,
        attemptsTotal,
        enqueuedMs,
        totalMs: Date.now() - started,
      });

      expect(byStatus).toEqual({ delivered: LOGOUTS });
      expect(missed).toEqual([]);
      expect(survivors).toEqual(mustSurvive);
      // The faults really happened: every kind was injected many times.
      for (const fault of ['drop-after', 'late', 'bad-gateway', 'reset'] as const) {
        expect(run.proxy.counts[fault]).toBeGreaterThan(10);
      }
    });
  },
);

/**
 * The receiver's own Redis (sessions, index, replay store) goes down in the middle of the fan-out and comes back
 * with its data: the receiver answers "try again later" (503) meanwhile, the provider retries, and every logout
 * still ends `delivered`, exactly the sessions of before each logout ended.
 */
describe('two-party, the receiver Redis down for a while and back', () => {
  const [[dbName, database]] = databaseCases();
  const redis = new PrivateRedis();
  const COUNT = 300;
  let run: TwoParty;

  beforeAll(async () => {
    await redis.start();
    // Fail fast while Redis is down (no offline queue), so the receiver answers 503 instead of hanging.
    const options = { maxRetriesPerRequest: 0, enableOfflineQueue: false };
    run = await TwoParty.start(database, () => 'pass', { url: redis.url, options });
  });
  afterAll(async () => {
    await run?.close();
    await redis.dispose();
  });

  it(`${COUNT} logouts on ${dbName}: every one delivered after Redis returns, none lost`, async () => {
    const mustEnd = await run.seed(COUNT, subOnly);
    const mustSurvive: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      if (i === COUNT / 3) await redis.stopKeepingData();
      // Re-logins are stored in the receiver's Redis: only while it is up.
      const relogin = await run.logout(i, subOnly(i), i < COUNT / 3 && i % 10 === 0);
      if (relogin) mustSurvive.push(relogin);
    }
    // Down until the receiver has refused a good number of attempts as "try again later".
    await until(() => (run.proxy.receiverAnswers.get(503) ?? 0) >= 20, 60_000);
    await redis.start();
    const { byStatus } = await run.settled(COUNT);
    const missed = await run.receiver.existing(mustEnd);
    const survivors = await run.receiver.existing(mustSurvive);
    report('two-party-receiver-redis-down', {
      logouts: COUNT,
      receiverAnswers: Object.fromEntries(run.proxy.receiverAnswers),
      deliveries: byStatus,
      missedLogouts: missed.length,
      postLogoutSessionsEnded: mustSurvive.length - survivors.length,
    });
    expect(byStatus).toEqual({ delivered: COUNT });
    expect(missed).toEqual([]);
    expect(survivors).toEqual(mustSurvive);
    expect(run.proxy.receiverAnswers.get(503)).toBeGreaterThanOrEqual(20);
  });
});

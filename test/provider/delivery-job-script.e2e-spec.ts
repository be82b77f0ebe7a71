import Bull, { Job, JobOptions, Queue } from 'bull';
import Redis from 'ioredis';
import {
  addJobGroups,
  addJobsInBulk,
} from '../../libs/backchannel-logout/src/provider/delivery/delivery-bulk-add.util';
import { testRedisOptions, testRedisUrl, uniquePrefix, wipeKeysWithPrefix } from '../support/redis';

/**
 * Contract of the outbox's own job script (`addJobsInBulk`) against the Bull it copies: a job it adds must be
 * stored exactly as `queue.addBulk` stores the same job (hash fields, list, delayed score, paused queue,
 * duplicate id), and a Bull worker must run it. If a Bull upgrade changes how jobs are stored, this fails.
 */
describe('delivery job script (same jobs as Bull addBulk)', () => {
  const prefix = `{${uniquePrefix('job-script')}}`;
  let queue: Queue<{ deliveryId: string }>;
  let redis: Redis;

  const opts = (jobId: string, extra: JobOptions = {}): JobOptions => ({
    jobId,
    attempts: 5,
    backoff: { type: 'logout', options: { baseMs: 1000, capMs: 60000 } },
    removeOnComplete: 100,
    removeOnFail: false,
    ...extra,
  });
  const viaBull = (id: string, extra?: JobOptions) =>
    queue.addBulk([{ name: 'deliver', data: { deliveryId: id }, opts: opts(id, extra) }]);
  const viaScript = (id: string, extra?: JobOptions) =>
    addJobsInBulk(queue, [{ name: 'deliver', data: { deliveryId: id }, opts: opts(id, extra) }]);
  const key = (suffix: string) => `${prefix}:deliveries:${suffix}`;
  /** The options of a job group: those of `opts` without the id. */
  const groupOpts = (extra: JobOptions = {}): JobOptions => {
    const o = opts('', extra);
    delete o.jobId;
    return o;
  };

  /** The stored hash with the add time left out (the two adds ran at different milliseconds). */
  async function stored(id: string): Promise<Record<string, unknown>> {
    const hash = await redis.hgetall(key(id));
    expect(Number(hash.timestamp)).toBeGreaterThan(0);
    const parsedOpts = JSON.parse(hash.opts) as Record<string, unknown>;
    expect(Number(parsedOpts.timestamp)).toBeGreaterThan(0);
    delete parsedOpts.timestamp;
    delete parsedOpts.jobId;
    return {
      fields: Object.keys(hash).sort(),
      name: hash.name,
      data: JSON.parse(hash.data).deliveryId === id,
      opts: parsedOpts,
      delay: hash.delay,
      priority: hash.priority,
    };
  }

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    queue = new Bull('deliveries', {
      prefix,
      redis: testRedisOptions(),
      defaultJobOptions: { timeout: 5000 },
    });
    await queue.isReady();
  });

  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await wipeKeysWithPrefix(prefix);
  });

  it('stores a ready job with the same hash and puts it on the wait list', async () => {
    await viaBull('ready-bull');
    await viaScript('ready-script');
    expect(await stored('ready-script')).toEqual(await stored('ready-bull'));
    expect(await redis.lrange(key('wait'), 0, -1)).toEqual(
      expect.arrayContaining(['ready-bull', 'ready-script']),
    );
    const [a, b] = await Promise.all([queue.getJob('ready-bull'), queue.getJob('ready-script')]);
    // Bull keeps the add time in the options too (not in its JobOptions type).
    const at = (b?.opts as { timestamp?: number } | undefined)?.timestamp;
    expect(b?.opts).toEqual({ ...a?.opts, jobId: 'ready-script', timestamp: at });
    expect(await b?.getState()).toBe('waiting');
  });

  it('stores a delayed job in the delayed set, due at the same time', async () => {
    await viaBull('late-bull', { delay: 60_000 });
    await viaScript('late-script', { delay: 60_000 });
    expect(await stored('late-script')).toEqual(await stored('late-bull'));
    const [bullScore, scriptScore] = await Promise.all([
      redis.zscore(key('delayed'), 'late-bull'),
      redis.zscore(key('delayed'), 'late-script'),
    ]);
    // Bull's score is `due * 0x1000 + counter`: the due times differ only by the time between the two adds.
    const due = (score: string | null) => Math.floor(Number(score) / 0x1000);
    expect(Math.abs(due(scriptScore) - due(bullScore))).toBeLessThan(5_000);
    expect(due(scriptScore)).toBeGreaterThan(Date.now() + 50_000);
    expect(await (await queue.getJob('late-script'))?.getState()).toBe('delayed');
  });

  it('adds to the paused list while the queue is paused', async () => {
    await queue.pause();
    try {
      await viaBull('paused-bull');
      await viaScript('paused-script');
      const paused = await redis.lrange(key('paused'), 0, -1);
      expect(paused).toEqual(expect.arrayContaining(['paused-bull', 'paused-script']));
      expect(await redis.lrange(key('wait'), 0, -1)).not.toContain('paused-script');
    } finally {
      await queue.resume();
    }
    expect(await redis.lrange(key('wait'), 0, -1)).toContain('paused-script');
  });

  it('leaves an existing job untouched when its id is added again (as Bull does)', async () => {
    await viaScript('twice');
    const before = await redis.hgetall(key('twice'));
    await addJobsInBulk(queue, [
      { name: 'deliver', data: { deliveryId: 'changed' }, opts: opts('twice', { delay: 1000 }) },
    ]);
    expect(await redis.hgetall(key('twice'))).toEqual(before);
    expect((await redis.lrange(key('wait'), 0, -1)).filter((id) => id === 'twice')).toHaveLength(1);
  });

  it('stores each job of a group (name and options sent once, the id spliced in) as Bull stores it', async () => {
    await viaBull('group-bull');
    await viaBull('group-late-bull', { delay: 60_000 });
    const data = (deliveryId: string) => ({ deliveryId });
    await addJobGroups(queue, [
      { name: 'deliver', ids: ['group-a', 'group-b'], data, opts: groupOpts() },
      { name: 'deliver', ids: ['group-late'], data, opts: groupOpts({ delay: 60_000 }) },
    ]);
    expect(await stored('group-a')).toEqual(await stored('group-bull'));
    expect(await stored('group-b')).toEqual(await stored('group-bull'));
    expect(await stored('group-late')).toEqual(await stored('group-late-bull'));
    const [b, late] = await Promise.all([queue.getJob('group-b'), queue.getJob('group-late')]);
    expect(b?.data).toEqual({ deliveryId: 'group-b' });
    expect(b?.opts.jobId).toBe('group-b');
    expect(late?.opts.jobId).toBe('group-late');
    expect(await late?.getState()).toBe('delayed');
    // Bull pushes on the left: the first job added is the nearer to the tail.
    const wait = await redis.lrange(key('wait'), 0, -1);
    expect(wait.indexOf('group-b')).toBeLessThan(wait.indexOf('group-a'));
  });

  it('sends whole the jobs of a group whose id JSON escapes or whose data is not the id verbatim', async () => {
    await addJobGroups(queue, [
      {
        name: 'deliver',
        ids: ['quote"id'],
        data: (deliveryId: string) => ({ deliveryId }),
        opts: groupOpts(),
      },
      {
        name: 'deliver',
        ids: ['upper-a', 'upper-b'],
        data: (deliveryId: string) => ({ deliveryId: deliveryId.toUpperCase() }),
        opts: groupOpts(),
      },
    ]);
    const [quoted, upper] = await Promise.all([queue.getJob('quote"id'), queue.getJob('upper-b')]);
    expect(quoted?.data).toEqual({ deliveryId: 'quote"id' });
    expect(quoted?.opts.jobId).toBe('quote"id');
    expect(upper?.data).toEqual({ deliveryId: 'UPPER-B' });
    expect(upper?.opts.jobId).toBe('upper-b');
  });

  it('hands its jobs to a Bull worker with their data and options', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `run-${i}`);
    await addJobsInBulk(
      queue,
      ids.map((id) => ({ name: 'run', data: { deliveryId: id }, opts: opts(id) })),
    );
    const seen = new Map<string, Job<{ deliveryId: string }>>();
    const done = new Promise<void>((resolve) => {
      void queue.process('run', 5, (job) => {
        seen.set(String(job.id), job);
        if (seen.size === ids.length) resolve();
        return Promise.resolve('ok');
      });
    });
    await done;
    for (const id of ids) {
      const job = seen.get(id);
      expect(job?.data).toEqual({ deliveryId: id });
      expect(job?.opts.attempts).toBe(5);
      expect(job?.opts.timeout).toBe(5000);
    }
  });
});

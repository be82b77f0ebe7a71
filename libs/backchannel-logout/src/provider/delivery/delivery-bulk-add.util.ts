import type { JobOptions, Queue } from 'bull';

/** One job as `Queue.addBulk` takes it. */
export interface BulkJob<T> {
  readonly name: string;
  readonly data: T;
  readonly opts: JobOptions;
}

/** Jobs per script call: the call blocks Redis while it runs (~5 µs a job), like Bull's own MULTI. */
const JOBS_PER_CALL = 1000;
const ARGS_PER_JOB = 5;
const COMMAND = 'bclAddDeliveryJobs';

/**
 * Bull's `addJob-6.lua` for many jobs in one call, reduced to what the delivery queue uses (a custom job id,
 * no priority, no LIFO, no debounce): the same job hash, wait/paused list, delayed score and events. Bull's
 * `addBulk` sends one script call per job (1 000 jobs: ~20 000 arguments encoded and 1 000 scripts run); this
 * sends the jobs as arguments of one call. KEYS: wait, paused, meta-paused, id, delayed. ARGV: key prefix,
 * queue token, timestamp, then per job: id, name, data, opts, delay.
 */
const ADD_JOBS_LUA = `
local rcall = redis.call
local prefix, token, timestamp = ARGV[1], ARGV[2], tonumber(ARGV[3])
local count = (#ARGV - 3) / ${ARGS_PER_JOB}
local target = KEYS[1]
if rcall("EXISTS", KEYS[3]) == 1 then target = KEYS[2] end
local counter = rcall("INCRBY", KEYS[4], count) - count
local nextDelayed = 0
local added = 0
for i = 0, count - 1 do
  local at = 4 + i * ${ARGS_PER_JOB}
  local jobId = ARGV[at]
  local jobKey = prefix .. jobId
  counter = counter + 1
  if rcall("EXISTS", jobKey) == 1 then
    rcall("PUBLISH", prefix .. "duplicated@" .. token, jobId)
  else
    local delay = tonumber(ARGV[at + 4])
    rcall("HMSET", jobKey, "name", ARGV[at + 1], "data", ARGV[at + 2], "opts", ARGV[at + 3],
      "timestamp", timestamp, "delay", delay, "priority", 0)
    if delay > 0 then
      local due = timestamp + delay
      rcall("ZADD", KEYS[5], due * 0x1000 + bit.band(counter, 0xfff), jobId)
      if nextDelayed == 0 or due < nextDelayed then nextDelayed = due end
    else
      rcall("LPUSH", target, jobId)
      rcall("PUBLISH", KEYS[1] .. "ing@" .. token, jobId)
    end
    added = added + 1
  end
end
-- Bull's workers re-arm their delay timer on this channel (one message for the earliest job is enough).
if nextDelayed > 0 then rcall("PUBLISH", KEYS[5], nextDelayed) end
return added
`;

type BulkAddClient = Record<typeof COMMAND, (...args: Array<string | number>) => Promise<number>>;

/** Bull internals read here (all in bull 4.x: `lib/queue.js`). */
interface QueueInternals {
  readonly keys: Record<'' | 'wait' | 'paused' | 'meta-paused' | 'id' | 'delayed', string>;
  readonly token: string;
  readonly limiter?: { readonly groupKey?: string };
  readonly defaultJobOptions?: JobOptions;
}

const defined = new WeakSet<object>();

/**
 * Add `jobs` like `queue.addBulk(jobs)` does, in one Redis call per {@link JOBS_PER_CALL} jobs. Falls back to
 * `addBulk` for what this reduced script does not cover (a job without its own id, a rate limiter with
 * group keys).
 */
export async function addJobsInBulk<T>(
  queue: Queue<T>,
  jobs: readonly BulkJob<T>[],
): Promise<void> {
  const internals = queue as unknown as QueueInternals;
  if (internals.limiter?.groupKey || !internals.keys || jobs.some((j) => j.opts.jobId == null)) {
    await queue.addBulk([...jobs]);
    return;
  }
  await queue.isReady();
  const client = queue.client;
  if (!defined.has(client)) {
    client.defineCommand(COMMAND, { numberOfKeys: 5, lua: ADD_JOBS_LUA });
    defined.add(client);
  }
  const { keys } = internals;
  const timestamp = Date.now();
  const calls: Array<Promise<number>> = [];
  for (let i = 0; i < jobs.length; i += JOBS_PER_CALL) {
    const args: Array<string | number> = [
      keys.wait,
      keys.paused,
      keys['meta-paused'],
      keys.id,
      keys.delayed,
      keys[''],
      internals.token,
      timestamp,
    ];
    for (const job of jobs.slice(i, i + JOBS_PER_CALL)) {
      // The options Bull's Job constructor would store (setDefaultOpts in bull/lib/job.js).
      const opts: JobOptions & { timestamp?: number } = {
        ...internals.defaultJobOptions,
        ...job.opts,
      };
      const delay = Math.max(0, Number(opts.delay ?? 0));
      const stored = {
        ...opts,
        attempts: parseInt(String(opts.attempts ?? 1), 10),
        delay,
        backoff:
          typeof opts.backoff === 'number' ? { type: 'fixed', delay: opts.backoff } : opts.backoff,
        timestamp: opts.timestamp ?? timestamp,
      };
      args.push(
        String(job.opts.jobId),
        job.name,
        JSON.stringify(job.data ?? {}),
        JSON.stringify(stored),
        delay,
      );
    }
    calls.push((client as unknown as BulkAddClient)[COMMAND](...args));
  }
  await Promise.all(calls);
}

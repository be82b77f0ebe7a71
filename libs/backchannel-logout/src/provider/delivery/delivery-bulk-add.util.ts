import { randomBytes } from 'node:crypto';
import type { JobOptions, Queue } from 'bull';

/** One job as `Queue.addBulk` takes it. */
export interface BulkJob<T> {
  readonly name: string;
  readonly data: T;
  readonly opts: JobOptions;
}

/** Jobs that differ only by their id: one name, the same options, data built from the id. */
export interface BulkJobGroup<T> {
  readonly name: string;
  readonly ids: readonly string[];
  readonly data: (id: string) => T;
  /** Every option but `jobId` (the job's id). */
  readonly opts: Omit<JobOptions, 'jobId'>;
}

/** Jobs per script call: the call blocks Redis while it runs (~5 µs a job), like Bull's own MULTI. */
const JOBS_PER_CALL = 1000;
const GROUP_HEADER_ARGS = 9;
const COMMAND = 'bclAddDeliveryJobs';
/** Stands for the job id while a group's JSON is built once; split out again around it. */
const ID_MARK = `bcl-job-id-${randomBytes(8).toString('hex')}`;
/** Ids that JSON writes as they are (a UUID is): only those can be spliced into a group's JSON. */
const JSON_SAFE_ID = /^[A-Za-z0-9._:@-]+$/;

/**
 * Bull's `addJob-6.lua` for many jobs in one call, reduced to what the delivery queue uses (a custom job id,
 * no priority, no LIFO, no debounce): the same job hash, wait/paused list, delayed score and events. Bull's
 * `addBulk` sends one script call per job (1 000 jobs: ~20 000 arguments encoded and 1 000 scripts run); this
 * sends the jobs as arguments of one call, and a group of jobs that differ only by their id as its name,
 * data and options once plus the ids (the script splices each id into the JSON: the same stored strings,
 * a fifth of the bytes to encode and send). KEYS: wait, paused, meta-paused, id, delayed. ARGV: key prefix,
 * queue token, timestamp, job count, then per group: name, data head and tail, data-has-id, options head
 * and tail, options-have-id, delay, id count, the ids.
 */
const ADD_JOBS_LUA = `
local rcall = redis.call
local prefix, token, timestamp = ARGV[1], ARGV[2], tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local target = KEYS[1]
if rcall("EXISTS", KEYS[3]) == 1 then target = KEYS[2] end
local counter = rcall("INCRBY", KEYS[4], count) - count
local nextDelayed = 0
local added = 0
local at = 5
while at <= #ARGV do
  local name, delay, ids = ARGV[at], tonumber(ARGV[at + 7]), tonumber(ARGV[at + 8])
  local first = at + ${GROUP_HEADER_ARGS}
  for i = first, first + ids - 1 do
    local jobId = ARGV[i]
    local jobKey = prefix .. jobId
    counter = counter + 1
    if rcall("EXISTS", jobKey) == 1 then
      rcall("PUBLISH", prefix .. "duplicated@" .. token, jobId)
    else
      local data, opts = ARGV[at + 1], ARGV[at + 4]
      if ARGV[at + 3] == "1" then data = data .. jobId .. ARGV[at + 2] end
      if ARGV[at + 6] == "1" then opts = opts .. jobId .. ARGV[at + 5] end
      rcall("HMSET", jobKey, "name", name, "data", data, "opts", opts,
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
  at = first + ids
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

/** A group's arguments: its header (JSON split around the id where it can be) and its ids. */
interface ScriptGroup {
  readonly header: Array<string | number>;
  readonly ids: readonly string[];
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
  if (!coversQueue(internals) || jobs.some((j) => j.opts.jobId == null)) {
    await queue.addBulk([...jobs]);
    return;
  }
  const timestamp = Date.now();
  const groups = jobs.map((job) => ({
    header: literal(job.name, job.data, storedOpts(internals, job.opts, timestamp)),
    ids: [String(job.opts.jobId)],
  }));
  await run(queue, internals, timestamp, groups);
}

/**
 * Add the jobs of `groups` like `queue.addBulk` would add one job per id (`jobId` = the id), in one Redis
 * call per {@link JOBS_PER_CALL} jobs, each group's name, data and options sent once.
 */
export async function addJobGroups<T>(
  queue: Queue<T>,
  groups: readonly BulkJobGroup<T>[],
): Promise<void> {
  const internals = queue as unknown as QueueInternals;
  if (!coversQueue(internals)) {
    await queue.addBulk(
      groups.flatMap((g) =>
        g.ids.map((id) => ({ name: g.name, data: g.data(id), opts: { jobId: id, ...g.opts } })),
      ),
    );
    return;
  }
  const timestamp = Date.now();
  const scriptGroups: ScriptGroup[] = [];
  for (const group of groups) {
    const spliced = template(internals, group, timestamp);
    if (spliced) {
      scriptGroups.push({ header: spliced, ids: group.ids });
      continue;
    }
    for (const id of group.ids) {
      const opts = storedOpts(internals, { jobId: id, ...group.opts }, timestamp);
      scriptGroups.push({ header: literal(group.name, group.data(id), opts), ids: [id] });
    }
  }
  await run(queue, internals, timestamp, scriptGroups);
}

function coversQueue(internals: QueueInternals): boolean {
  return !internals.limiter?.groupKey && !!internals.keys;
}

/** The options Bull's Job constructor would store (setDefaultOpts in bull/lib/job.js), as JSON, and the delay. */
function storedOpts(
  internals: QueueInternals,
  jobOpts: JobOptions,
  timestamp: number,
): { json: string; delay: number } {
  const opts: JobOptions & { timestamp?: number } = { ...internals.defaultJobOptions, ...jobOpts };
  const delay = Math.max(0, Number(opts.delay ?? 0));
  const stored = {
    ...opts,
    attempts: parseInt(String(opts.attempts ?? 1), 10),
    delay,
    backoff:
      typeof opts.backoff === 'number' ? { type: 'fixed', delay: opts.backoff } : opts.backoff,
    timestamp: opts.timestamp ?? timestamp,
  };
  return { json: JSON.stringify(stored), delay };
}

/** The header of one job whose JSON is sent whole. */
function literal(
  name: string,
  data: unknown,
  opts: { json: string; delay: number },
): Array<string | number> {
  return [name, JSON.stringify(data ?? {}), '', '0', opts.json, '', '0', opts.delay];
}

/**
 * The header of `group` with its data and options JSON split around the id, or `null` when that would not
 * give each job exactly the JSON built for it alone (an id JSON would escape, or data that transforms the
 * id): those jobs are then sent whole.
 */
function template<T>(
  internals: QueueInternals,
  group: BulkJobGroup<T>,
  timestamp: number,
): Array<string | number> | null {
  const [first] = group.ids;
  if (first === undefined || !group.ids.every((id) => JSON_SAFE_ID.test(id))) return null;
  const opts = storedOpts(internals, { jobId: ID_MARK, ...group.opts }, timestamp);
  const data = JSON.stringify(group.data(ID_MARK) ?? {}).split(ID_MARK);
  const options = opts.json.split(ID_MARK);
  if (data.length > 2 || options.length !== 2) return null;
  const own = storedOpts(internals, { jobId: first, ...group.opts }, timestamp);
  if (
    data.join(first) !== JSON.stringify(group.data(first) ?? {}) ||
    options.join(first) !== own.json
  ) {
    return null;
  }
  const dataById = data.length === 2 ? '1' : '0';
  return [group.name, data[0], data[1] ?? '', dataById, options[0], options[1], '1', opts.delay];
}

async function run<T>(
  queue: Queue<T>,
  internals: QueueInternals,
  timestamp: number,
  groups: readonly ScriptGroup[],
): Promise<void> {
  if (groups.length === 0) return;
  await queue.isReady();
  const client = queue.client;
  if (!defined.has(client)) {
    client.defineCommand(COMMAND, { numberOfKeys: 5, lua: ADD_JOBS_LUA });
    defined.add(client);
  }
  const { keys } = internals;
  const calls: Array<Promise<number>> = [];
  let args: Array<string | number> = [];
  let count = 0;
  const send = () => {
    if (count === 0) return;
    const head = [keys.wait, keys.paused, keys['meta-paused'], keys.id, keys.delayed];
    const call = [...head, keys[''], internals.token, timestamp, count, ...args];
    calls.push((client as unknown as BulkAddClient)[COMMAND](...call));
    args = [];
    count = 0;
  };
  for (const group of groups) {
    for (let i = 0; i < group.ids.length;) {
      const ids = group.ids.slice(i, i + JOBS_PER_CALL - count);
      args.push(...group.header, ids.length, ...ids);
      count += ids.length;
      i += ids.length;
      if (count === JOBS_PER_CALL) send();
    }
  }
  send();
  await Promise.all(calls);
}

/** The single-key operations of the receiver's Redis stores that `RedisBatchQueue` can send together. */
export type RedisBatchOp =
  'acquire' | 'complete' | 'release' | 'find' | 'smembers' | 'hgetall' | 'del' | 'hdel' | 'srem';

/** What the replay record holds once the logout was performed; `p:<owner>` while it is in progress. */
export const REPLAY_DONE = 'd';
/** What the replay record holds while `<owner>` has it in progress: `p:<owner>`. */
export const REPLAY_HOLDER = 'p:';

// One function for every operation (defining one closure per call is cheaper for Redis than a table of them):
// it takes the operation's one key and its arguments (at most two) and returns a value that is never nil (a nil would
// end the reply array early). `find` drops the expired fields of a lookup hash (the expiry is on the Redis clock,
// so every instance agrees) and returns the live ones as a flat field/value list.
const OPERATIONS = `
local function run(name, k, a1, a2)
  if name == 'acquire' then
    if redis.call('SET', k, a1, 'NX', 'PX', a2) then return 'acquired' end
    if redis.call('GET', k) == '${REPLAY_DONE}' then return 'done' end
    return 'in_progress'
  elseif name == 'complete' then
    redis.call('SET', k, '${REPLAY_DONE}', 'PX', a1)
    return 1
  elseif name == 'release' then
    if redis.call('GET', k) == a1 then return redis.call('DEL', k) end
    return 0
  elseif name == 'find' then
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local all, live, stale = redis.call('HGETALL', k), {}, {}
    for i = 1, #all, 2 do
      local value = all[i + 1]
      local sep = string.find(value, ':', 1, true)
      if tonumber(string.sub(value, 1, sep - 1)) > now then
        live[#live + 1] = all[i]; live[#live + 1] = string.sub(value, sep + 1)
      else stale[#stale + 1] = all[i] end
    end
    if #stale > 0 then redis.call('HDEL', k, unpack(stale)) end
    return live
  elseif name == 'smembers' then return redis.call('SMEMBERS', k)
  elseif name == 'hgetall' then return redis.call('HGETALL', k)
  elseif name == 'del' then return redis.call('DEL', k)
  elseif name == 'hdel' then return redis.call('HDEL', k, a1)
  elseif name == 'srem' then return redis.call('SREM', k, a1)
  end
  error('unknown operation ' .. tostring(name))
end
`;

/**
 * Runs a batch of operations in one command: KEYS[i] is the key of operation i; ARGV[1] the number of
 * operations, then per operation its name, its argument count and its arguments. Replies `{1, value}` or
 * `{0, error}` per operation: one failing operation fails only itself, as a command of its own would.
 * Every key is declared, so a batch of one runs on Redis Cluster; a batch of several only on one node.
 */
export const REDIS_BATCH_SCRIPT = `${OPERATIONS}
local out, at = {}, 2
for i = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[at + 1])
  local a1, a2
  if n > 0 then a1 = ARGV[at + 2] end
  if n > 1 then a2 = ARGV[at + 3] end
  local ok, res = pcall(run, ARGV[at], KEYS[i], a1, a2)
  at = at + 2 + n
  if ok then out[i] = {1, res}
  elseif type(res) == 'table' and res.err then out[i] = {0, res.err}
  else out[i] = {0, tostring(res)} end
end
return out`;

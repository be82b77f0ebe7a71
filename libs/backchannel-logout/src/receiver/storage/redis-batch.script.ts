/** The single-key operations of the receiver's Redis stores that `RedisBatchQueue` can send together. */
export type RedisBatchOp =
  'acquire' | 'complete' | 'release' | 'find' | 'smembers' | 'hgetall' | 'del' | 'hdel' | 'srem';

/** What the replay record holds once the logout was performed; `p:<owner>` while it is in progress. */
export const REPLAY_DONE = 'd';

// Each operation takes its one key and its arguments and returns a value that is never nil (a nil would end
// the reply array early). `find` drops the expired fields of a lookup hash (the expiry is on the Redis clock,
// so every instance agrees) and returns the live ones as a flat field/value list.
const OPERATIONS = `
local ops = {}
ops.acquire = function(k, a)
  local v = redis.call('GET', k)
  if not v then
    redis.call('SET', k, a[1], 'PX', a[2])
    return 'acquired'
  end
  if v == '${REPLAY_DONE}' then return 'done' end
  return 'in_progress'
end
ops.complete = function(k, a)
  redis.call('SET', k, '${REPLAY_DONE}', 'PX', a[1])
  return 1
end
ops.release = function(k, a)
  if redis.call('GET', k) == a[1] then return redis.call('DEL', k) end
  return 0
end
ops.find = function(k)
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
end
ops.smembers = function(k) return redis.call('SMEMBERS', k) end
ops.hgetall = function(k) return redis.call('HGETALL', k) end
ops.del = function(k) return redis.call('DEL', k) end
ops.hdel = function(k, a) return redis.call('HDEL', k, a[1]) end
ops.srem = function(k, a) return redis.call('SREM', k, a[1]) end
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
  local op, n, args = ops[ARGV[at]], tonumber(ARGV[at + 1]), {}
  for j = 1, n do args[j] = ARGV[at + 1 + j] end
  at = at + 2 + n
  local ok, res = pcall(op, KEYS[i], args)
  if ok then out[i] = {1, res}
  elseif type(res) == 'table' and res.err then out[i] = {0, res.err}
  else out[i] = {0, tostring(res)} end
end
return out`;

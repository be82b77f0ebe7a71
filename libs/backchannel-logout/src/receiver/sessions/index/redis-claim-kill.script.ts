import { REPLAY_DONE } from '../../storage/redis-batch.script';

/**
 * One command for the whole kill of a Logout Token on one Redis node (issue #10): claim its `jti`, look its
 * sessions up in the index, and delete them from the session store — each step only if the previous allows it.
 *
 * KEYS[1]: the replay key; KEYS[2]: the lookup hash (by sid, or by sub); KEYS[3] (optional): the 0.1.0 set.
 * ARGV: holder (`p:<owner>`), lease ms, the token's `iat`, its `sub` when the token also has `sid` (else ''),
 * the session store's key prefix.
 *
 * Replies `{'done'}` / `{'in_progress'}` (nothing changed); `{'legacy'}` (acquired, but the 0.1.0 set is not
 * empty: the caller ends the sessions the usual way); `{'mismatch'}` (acquired, nothing deleted: a linked
 * session belongs to another `sub`, §2.6 steps 10–11); `{'ended', id, stored, ...}` (acquired; those sessions'
 * keys deleted). The filters are the terminator's: live links only, never a session authenticated after `iat`.
 * The session keys are not declared (their names come from the index), so this runs on a single node only.
 */
export const REDIS_CLAIM_KILL_SCRIPT = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) == '${REPLAY_DONE}' then return {'done'} end
  return {'in_progress'}
end
if KEYS[3] and redis.call('SCARD', KEYS[3]) > 0 then return {'legacy'} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local iat, sub = tonumber(ARGV[3]), ARGV[4]
local all, ended, stale = redis.call('HGETALL', KEYS[2]), {'ended'}, {}
for i = 1, #all, 2 do
  local value = all[i + 1]
  local sep = string.find(value, ':', 1, true)
  if tonumber(string.sub(value, 1, sep - 1)) > now then
    local stored = string.sub(value, sep + 1)
    local link = cjson.decode(stored)
    local authTime = link[2]
    if authTime == nil or authTime == cjson.null or tonumber(authTime) <= iat then
      if sub ~= '' and type(link[1]) == 'string' and link[1] ~= sub then return {'mismatch'} end
      ended[#ended + 1] = all[i]; ended[#ended + 1] = stored
    end
  else stale[#stale + 1] = all[i] end
end
if #stale > 0 then redis.call('HDEL', KEYS[2], unpack(stale)) end
for i = 2, #ended, 2 do redis.call('DEL', ARGV[5] .. ended[i]) end
return ended`;

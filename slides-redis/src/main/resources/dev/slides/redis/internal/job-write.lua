-- Writes a job's next state, atomically and fenced (see RedisJobTracker).
-- KEYS[1] the job's hash, KEYS[2] the index of jobs by update time
-- ARGV[1] mode: 'create' (new job, or a restart the caller's predicate accepted), 'update'
--         (a change of the current run) or 'takeover' (a new run of the same submission)
-- ARGV[2] the version the caller read (0: the job did not exist); the write happens only if
--         the job is still at it, so a change computed from an older state is never applied
-- ARGV[3] fence: for 'update' the run that must be current (-1: any), for 'takeover' the
--         submission the current run must belong to
-- ARGV[4] the state's JSON, ARGV[5] its status, ARGV[6] its update time (microseconds),
-- ARGV[7] the pub/sub channel, ARGV[8] seconds a finished job is kept, ARGV[9] the job's id,
-- ARGV[10] the node running the job (the state's worker), or ''
-- Returns {'ok', version, run} or {'conflict' | 'refused' | 'missing', version, run, state}.
local key, index = KEYS[1], KEYS[2]
local mode, expected, fence = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local status = ARGV[5]

local current = redis.call('HMGET', key, 'version', 'run', 'origin', 'status', 'state')
local version = tonumber(current[1])
local function answer(code)
  return {code, current[1] or '0', current[2] or '0', current[5] or ''}
end
local function finished(s)
  return s == 'completed' or s == 'failed'
end

local run, origin
if version == nil then
  if mode ~= 'create' then
    return answer('missing')
  end
  if expected ~= 0 then
    return answer('conflict') -- it was there when read: it expired or was removed since
  end
  run, origin = 1, 1
else
  if version ~= expected then
    return answer('conflict')
  end
  local currentRun = tonumber(current[2])
  if mode == 'update' then
    if finished(current[4]) or (fence >= 0 and currentRun ~= fence) then
      return answer('refused')
    end
    run, origin = currentRun, tonumber(current[3])
  elseif mode == 'takeover' then
    if finished(current[4]) or tonumber(current[3]) ~= fence then
      return answer('refused')
    end
    run, origin = currentRun + 1, tonumber(current[3])
  else -- a restart: a new submission
    run = currentRun + 1
    origin = run
  end
end

local next = expected + 1
redis.call('HSET', key, 'state', ARGV[4], 'status', status, 'version', next, 'run', run,
  'origin', origin, 'updated', ARGV[6], 'worker', ARGV[10])
if finished(status) then
  redis.call('EXPIRE', key, tonumber(ARGV[8]))
  -- The index would keep the ids of expired jobs for ever (listings and counts forget only
  -- those they read): at each job's end, forget up to 100 of those last written before the
  -- retention time whose hash is gone. Finished jobs expire about in that order, so this keeps
  -- up with them; an unfinished job stays whatever its age.
  local prefix = string.sub(key, 1, #key - #ARGV[9] - #'job:')
  local before = tonumber(ARGV[6]) - tonumber(ARGV[8]) * 1000000
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf',
      '(' .. string.format('%.0f', before), 'LIMIT', 0, 100)) do
    if redis.call('EXISTS', prefix .. 'job:' .. id) == 0 then
      redis.call('ZREM', index, id)
    end
  end
else
  redis.call('PERSIST', key)
end
redis.call('ZADD', index, ARGV[6], ARGV[9])
redis.call('PUBLISH', ARGV[7], next .. '\n' .. ARGV[4])
return {'ok', tostring(next), tostring(run)}

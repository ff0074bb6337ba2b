-- Adds a job to the queue unless it is full (see RedisJobQueue).
-- KEYS[1] the stream, KEYS[2] waiting ids by order, KEYS[3] stream entry id by waiting id,
-- KEYS[4] the order counter
-- ARGV[1] video id, ARGV[2] run, ARGV[3] source, ARGV[4] capacity, ARGV[5] channel to wake
-- claimers on
-- Returns 1 when added, 0 when the queue is full.
local old = redis.call('HGET', KEYS[3], ARGV[1])
if old then
  -- A newer run replaces the one waiting.
  redis.call('XDEL', KEYS[1], old)
  redis.call('ZREM', KEYS[2], ARGV[1])
elseif redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  return 0
end
local id = redis.call('XADD', KEYS[1], '*', 'video', ARGV[1], 'run', ARGV[2], 'source', ARGV[3])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], id)
redis.call('PUBLISH', ARGV[5], ARGV[1])
return 1

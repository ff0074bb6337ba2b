-- Removes a job's entry while it waits for its first worker.
-- KEYS[1] the stream, KEYS[2] waiting ids by order, KEYS[3] stream entry id by waiting id
-- ARGV[1] video id
-- Returns 1 when removed, 0 when none was waiting.
local id = redis.call('HGET', KEYS[3], ARGV[1])
if not id then
  return 0
end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('XDEL', KEYS[1], id)
return 1

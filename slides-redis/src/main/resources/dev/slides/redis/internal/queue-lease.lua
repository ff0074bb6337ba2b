-- Renews, completes or releases a lease, only for its holder: the entry must still be pending
-- for this consumer with the delivery count it was claimed with (a take-over increments it).
-- KEYS[1] the stream, KEYS[2] hand-backs by entry id
-- ARGV[1] group, ARGV[2] consumer, ARGV[3] entry id, ARGV[4] deliveries when claimed,
-- ARGV[5] 'renew' | 'complete' | 'release', ARGV[6] idle time (ms) that makes an entry
-- claimable at once, ARGV[7] most hand-backs of an entry not counted as attempts
-- Returns 1 when done, 0 when the consumer no longer holds the entry.
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
local held = pending[1]
if not held or held[2] ~= ARGV[2] or tonumber(held[4]) ~= tonumber(ARGV[4]) then
  return 0
end
if ARGV[5] == 'renew' then
  -- JUSTID: resets the idle time without counting a delivery.
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
elseif ARGV[5] == 'complete' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
  redis.call('XDEL', KEYS[1], ARGV[3])
  redis.call('HDEL', KEYS[2], ARGV[3], ARGV[3] .. ':at')
else
  -- Idle as if abandoned long ago: the next claim anywhere takes it. That claim counts a
  -- delivery; a hand-back is recorded beside it, so that the claimer does not count it as an
  -- attempt (attempt = deliveries - hand-backs), up to the bound: past it, hand-backs count.
  -- Once per delivery, however often its holder releases it ({id}:at holds the delivery
  -- last counted): a second count would make the next claim attempt 0.
  local at = ARGV[3] .. ':at'
  if redis.call('HGET', KEYS[2], at) ~= ARGV[4] then
    redis.call('HSET', KEYS[2], at, ARGV[4])
    if tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0') < tonumber(ARGV[7]) then
      redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
    end
  end
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'IDLE', ARGV[6], 'JUSTID')
end
return 1

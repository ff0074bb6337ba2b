-- Forgets the consumers of the group that hold no entry and have not asked for one for a while:
-- nodes that are gone (with the default node id, host name and pid, every restart is a new
-- consumer, and the group would keep them all). A live node that is forgotten holds nothing and
-- is recreated by its next claim.
-- KEYS[1] the stream; ARGV[1] group, ARGV[2] the caller (kept), ARGV[3] idle time (ms)
-- Returns how many were forgotten.
local forgotten = 0
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local info = {}
  for i = 1, #consumer, 2 do
    info[consumer[i]] = consumer[i + 1]
  end
  if info['name'] ~= ARGV[2] and tonumber(info['pending']) == 0
      and tonumber(info['idle']) > tonumber(ARGV[3]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
    forgotten = forgotten + 1
  end
end
return forgotten

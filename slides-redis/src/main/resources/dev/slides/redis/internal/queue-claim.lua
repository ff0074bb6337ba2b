-- Claims one entry for a consumer: first one whose holder stopped renewing its lease for the
-- visibility timeout (XAUTOCLAIM), else the next one never delivered (XREADGROUP).
-- KEYS[1] the stream, KEYS[2] waiting ids by order, KEYS[3] stream entry id by waiting id,
-- KEYS[4] hand-backs by entry id, KEYS[5] this claim's record (its own key: a claim whose
-- answer never reached the node, which gave up waiting, names there what it took)
-- ARGV[1] group, ARGV[2] consumer, ARGV[3] visibility timeout (ms), ARGV[4] how long the
-- claim's record is kept (ms)
-- Returns false, or {entry id, deliveries, video id, run, source, hand-backs}.
local entry
local cursor = '0-0'
repeat
  local found = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor,
    'COUNT', 1)
  cursor = found[1]
  if found[2][1] then
    entry = found[2][1]
  end
until entry or cursor == '0-0'
if not entry then
  local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1,
    'STREAMS', KEYS[1], '>')
  if read then
    entry = read[1][2][1]
  end
end
if not entry then
  return false
end
local id = entry[1]
local fields = {}
for i = 1, #entry[2], 2 do
  fields[entry[2][i]] = entry[2][i + 1]
end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
redis.call('SET', KEYS[5], id .. ' ' .. tostring(pending[1][4]) .. ' ' .. fields['video'],
  'PX', ARGV[4])
if redis.call('HGET', KEYS[3], fields['video']) == id then
  redis.call('HDEL', KEYS[3], fields['video'])
  redis.call('ZREM', KEYS[2], fields['video'])
end
return {id, tostring(pending[1][4]), fields['video'], fields['run'], fields['source'],
  redis.call('HGET', KEYS[4], id) or '0'}

-- One field (ARGV[1]: status, version) of each job whose hash is a KEYS entry, in order; false
-- for one that expired. One call for many jobs: counting them by status, or looking whether the
-- followed jobs moved on, then costs a round trip per call, not per job.
local values = {}
for i, key in ipairs(KEYS) do
  values[i] = redis.call('HGET', key, ARGV[1])
end
return values

-- The status of each job whose hash is a KEYS entry, in order; false for one that expired.
-- One call for many jobs: counting them by status then costs a round trip per call, not per job.
local statuses = {}
for i, key in ipairs(KEYS) do
  statuses[i] = redis.call('HGET', key, 'status')
end
return statuses

-- Marks an endpoint in its shard's index of active endpoints as due no later than @dueMs (0: ready now).
-- An earlier mark is kept: the index says when a worker must look at the endpoint at the latest.
-- Only the index key is touched (its own hash tag), so this runs as a separate call after a queue script.
local current = redis.call('ZSCORE', @index, @endpointId)
if not current or tonumber(current) > tonumber(@dueMs) then
  redis.call('ZADD', @index, @dueMs, @endpointId)
end
return 0

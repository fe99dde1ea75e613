-- Shared by activate.lua and accept-queue.lua.
-- Marks an endpoint in its shard's index of active endpoints as due no later than `due` (0: ready now); an earlier
-- mark is kept, since the index says when a worker must look at the endpoint at the latest.
local function activate(index, endpointId, due)
  local current = redis.call('ZSCORE', index, endpointId)
  if not current or tonumber(current) > due then
    redis.call('ZADD', index, due, endpointId)
  end
end


-- Shared by claim.lua and settle.lua: the one place that leases work.
-- Returns expired leases to the ready list and promotes due scheduled work (at most `batch` of each), then leases
-- ready messages while the endpoint's in-flight count (across all workers) is under `cap`, at most `max` of them,
-- in a fixed number of commands whatever `max` is.
-- Returns a flat list { id1, meta1, id2, meta2, ... }.
local function claim(ready, sched, lease, msg, now, max, leaseMs, cap, batch)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', lease, '-inf', now, 'LIMIT', 0, batch)) do
    redis.call('ZREM', lease, id)
    redis.call('RPUSH', ready, id)
  end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', sched, '-inf', now, 'LIMIT', 0, batch)) do
    redis.call('ZREM', sched, id)
    redis.call('LPUSH', ready, id)
  end
  local leased = {}
  local n = math.min(max, cap - redis.call('ZCARD', lease))
  local leaseUntil = now + leaseMs
  local scored = {}
  -- Pops the rest in one command, and reads their metadata in one more; an id whose metadata is gone (a stale
  -- duplicate) is dropped and another popped in its place.
  while n > 0 do
    local ids = redis.call('RPOP', ready, n)
    if not ids then break end
    if type(ids) == 'string' then ids = { ids } end -- Garnet answers a count that finds one element with the element
    local asked = n
    local metas = redis.call('HMGET', msg, unpack(ids))
    for k, id in ipairs(ids) do
      if metas[k] then
        scored[#scored + 1] = leaseUntil
        scored[#scored + 1] = id
        leased[#leased + 1] = id
        leased[#leased + 1] = metas[k]
        n = n - 1
      end
    end
    if #ids < asked then break end
  end
  if #scored > 0 then redis.call('ZADD', lease, unpack(scored)) end
  return leased
end

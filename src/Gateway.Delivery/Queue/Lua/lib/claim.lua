-- Shared by claim.lua and settle.lua: the one place that leases work.
-- Returns expired leases to the ready list and promotes due scheduled work (at most `batch` of each), then leases
-- ready messages while the endpoint's in-flight count (across all workers) is under `cap`, at most `max` of them.
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
  while #leased < n * 2 do
    local id = redis.call('RPOP', ready)
    if not id then break end
    local meta = redis.call('HGET', msg, id)
    if meta then
      redis.call('ZADD', lease, leaseUntil, id)
      leased[#leased + 1] = id
      leased[#leased + 1] = meta
    end
  end
  return leased
end


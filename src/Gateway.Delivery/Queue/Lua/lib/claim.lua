-- Shared by claim.lua, settle.lua and settle-acks.lua: the one place that leases work (needs lib/throttle.lua).
-- Returns expired leases to the ready list and promotes due scheduled work (at most `batch` of each), then leases
-- ready messages while the endpoint's in-flight count (across all workers) is under `cap`, at most `max` of them, and,
-- when `rate` is above 0, at most as many as the endpoint's rate limit has tokens for (`throttle` is its bucket key),
-- in a fixed number of commands whatever `max` is. A message left waiting for a token stays in the ready list: it
-- spends no attempt.
-- Returns a flat list { id1, meta1, id2, meta2, ... } and the ms until the next token when ready work waits for one
-- (0: not throttled).
local function claim(ready, sched, lease, msg, now, max, leaseMs, cap, batch, throttle, rate)
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
  local bucket = nil
  if rate > 0 and n > 0 then
    bucket = throttleOpen(throttle, now, rate)
    if bucket.allowed < n then n = bucket.allowed end
  end
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
  local waitMs = 0
  if bucket then
    waitMs = throttleTake(bucket, #leased / 2)
    if waitMs > 0 and redis.call('LLEN', ready) == 0 then waitMs = 0 end
  end
  return leased, waitMs
end

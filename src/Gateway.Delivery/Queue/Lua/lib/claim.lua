-- Shared by claim.lua, settle.lua and settle-acks.lua: the one place that leases work (needs lib/throttle.lua).
-- Returns expired leases to the ready list and promotes due scheduled work (at most `batch` of each), then leases
-- ready messages while the endpoint's in-flight count (across all workers) is under `cap`, at most `max` of them, and,
-- when `rate` is above 0, at most as many as the endpoint's rate limit has tokens for (`throttle` is its bucket key).
-- A message left waiting for a token stays in the ready list: it spends no attempt.
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
  local waitMs = 0
  if bucket then
    waitMs = throttleTake(bucket, #leased / 2)
    if waitMs > 0 and redis.call('LLEN', ready) == 0 then waitMs = 0 end
  end
  return leased, waitMs
end

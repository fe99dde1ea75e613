-- The cluster-wide tenant rate limit's one atomic step: the generic cell rate algorithm (GCRA) on one key under the
-- tenant's hash tag. The key holds the tenant's theoretical arrival time (TAT, microseconds). Taking @count events
-- moves it @count x @interval later; they are allowed when the new TAT is at most @tolerance (the burst) ahead of
-- @now. Returns 0 when allowed (and stores the new TAT), else the microseconds until the same request would be
-- allowed (and stores nothing). The key expires a minute after its TAT has passed: a TAT in the past means the same
-- as no key, and the margin keeps the expiry (Redis's clock) from cutting in before the TAT (the callers' clock).
local now = tonumber(@now)
local interval = tonumber(@interval)
local tolerance = tonumber(@tolerance)
local count = tonumber(@count)
local tat = tonumber(redis.call('GET', @rate) or '0')
if tat < now then tat = now end
local newTat = tat + interval * count
local allowAt = newTat - tolerance
if allowAt > now then
  return allowAt - now
end
redis.call('SET', @rate, string.format('%d', newTat), 'PX', math.ceil((newTat - now) / 1000) + 60000)
return 0

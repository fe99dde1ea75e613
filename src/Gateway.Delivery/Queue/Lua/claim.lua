-- Leases up to @max messages of one endpoint (see lib/claim.lua); @rate is its rate limit (0: none).
-- Returns { nextDueMs or -1, remaining ready, ms until the rate limit's next token (0: not throttled), id1, meta1, ... }.
local now = tonumber(@now)
local leased, waitMs = claim(@ready, @scheduled, @leases, @messages, now, tonumber(@max), tonumber(@leaseMs), tonumber(@cap), 100, @throttle, tonumber(@rate))
local out = { -1, 0, waitMs }
for _, v in ipairs(leased) do
  out[#out + 1] = v
end
local nextDue = -1
local s = redis.call('ZRANGE', @scheduled, 0, 0, 'WITHSCORES')
if s[2] then nextDue = tonumber(s[2]) end
local l = redis.call('ZRANGE', @leases, 0, 0, 'WITHSCORES')
if l[2] and (nextDue < 0 or tonumber(l[2]) < nextDue) then nextDue = tonumber(l[2]) end
out[1] = nextDue
out[2] = redis.call('LLEN', @ready)
return out

-- Shared by lib/claim.lua: an endpoint's rate limit (`rateLimit` attempts a second, across every worker) as the generic
-- cell rate algorithm on one key under the endpoint's hash tag, holding its theoretical arrival time (TAT, µs). After a
-- quiet spell up to throttleBurst(rate) attempts (a tenth of a second's worth, at least 1) may go at once; then one
-- every 1/rate s. So no window of one second holds more than rate + burst attempts as granted here. A receiver can see
-- a few more bunched in one second when a worker or the network stalls between the grant and the request (stalls of up
-- to 270 ms were measured on a loaded 2-core machine); the README's documented burst, a quarter of the rate, covers both. Times are the callers' (Unix ms), as for leases; a caller whose clock lags
-- another's only finds fewer tokens (the TAT never moves back).
local function throttleBurst(rate)
  return math.max(1, math.ceil(rate / 10))
end
-- Reads the bucket: how many attempts may start at `nowMs`.
local function throttleOpen(key, nowMs, rate)
  local t = { key = key, now = nowMs * 1000, interval = 1000000 / rate, burst = throttleBurst(rate) }
  t.tat = tonumber(redis.call('GET', key) or '0')
  if t.tat < t.now then t.tat = t.now end
  t.allowed = math.floor((t.now - t.tat) / t.interval + t.burst + 1e-9)
  return t
end
-- Spends `count` tokens (attempts leased); returns the ms until the next attempt may start (0: now).
local function throttleTake(t, count)
  if count > 0 then
    t.tat = t.tat + count * t.interval
    redis.call('SET', t.key, string.format('%.17g', t.tat), 'PX', math.ceil((t.tat - t.now) / 1000) + 60000)
  end
  local wait = t.tat - (t.burst - 1) * t.interval - t.now
  if wait <= 1e-6 then return 0 end
  return math.max(1, math.ceil(wait / 1000))
end

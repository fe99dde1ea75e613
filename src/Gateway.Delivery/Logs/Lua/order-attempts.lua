-- Reads one endpoint's part of an order's timeline: the newest @limit entries of the order's index (lib/logs.lua in
-- Queue/Lua) from @high down to @low, and every attempt-log entry logged at the same times (the caller keeps those the
-- index names). Returns { index entries as member, score, ...; attempt-log entries }.
local entries = redis.call('ZREVRANGEBYSCORE', @index, @high, @low, 'WITHSCORES', 'LIMIT', 0, tonumber(@limit))
local logged, seen = {}, {}
for i = 2, #entries, 2 do
  local at = entries[i]
  if not seen[at] then
    seen[at] = true
    for _, e in ipairs(redis.call('ZRANGEBYSCORE', @attempts, at, at)) do logged[#logged + 1] = e end
  end
end
return { entries, logged }

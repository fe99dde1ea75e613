-- Shared by settle.lua, settle-acks.lua and filtered.lua.
-- Counts one outcome in the activity hash (fields "<unixHour>:<kind>"); the first count of a new hour drops the hours
-- older than the retention, so the hash holds at most (retention in hours + 1) x 4 fields.
local function trimActivity(key, now, retention)
  local oldest = math.floor((now - retention) / 3600000)
  for _, f in ipairs(redis.call('HKEYS', key)) do
    local hour = tonumber(string.match(f, '^(%d+):'))
    if hour and hour < oldest then redis.call('HDEL', key, f) end
  end
end

local function countActivity(key, bucket, kind, now, retention)
  if redis.call('HINCRBY', key, bucket .. ':' .. kind, 1) == 1 then trimActivity(key, now, retention) end
  redis.call('PEXPIRE', key, retention)
end

-- Adds an entry to a log (a sorted set by time), then bounds it by age and by count.
local function appendLog(key, now, entry, max, retention)
  redis.call('ZADD', key, now, entry)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%d', now - retention))
  redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
  redis.call('PEXPIRE', key, retention)
end


-- Indexes an attempt under its order (Logs/OrderIndex.cs): one sorted set per endpoint and order, member
-- "<messageId>:<attempt>", scored by the attempt's time like its entry in the attempt log, trimmed by the same age and
-- expiring with the log. Three commands, in the call that wrote the log entry.
local function indexAttempt(key, now, member, retention)
  redis.call('ZADD', key, now, member)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%d', now - retention))
  redis.call('PEXPIRE', key, retention)
end

-- Folds a deleted endpoint's counters into its tenant's: @counters and @activityCounts are "field=value" lines.
-- Activity hours older than the retention are dropped.
local now = tonumber(@now)
local retention = tonumber(@retentionMs)
for field, value in string.gmatch(@counters, '([^\n=]+)=([^\n]+)') do
  redis.call('HINCRBY', @retiredStats, field, value)
end
local oldest = math.floor((now - retention) / 3600000)
for field, value in string.gmatch(@activityCounts, '([^\n=]+)=([^\n]+)') do
  local hour = tonumber(string.match(field, '^(%d+):'))
  if hour and hour >= oldest then redis.call('HINCRBY', @retiredActivity, field, value) end
end
for _, f in ipairs(redis.call('HKEYS', @retiredActivity)) do
  local hour = tonumber(string.match(f, '^(%d+):'))
  if hour and hour < oldest then redis.call('HDEL', @retiredActivity, f) end
end
if redis.call('EXISTS', @retiredActivity) == 1 then redis.call('PEXPIRE', @retiredActivity, retention) end
return 1

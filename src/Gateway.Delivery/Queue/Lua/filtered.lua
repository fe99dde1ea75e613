-- Counts an event an endpoint's rules rejected and logs it with the rule, bounded like the attempt log.
local now = tonumber(@now)
local retention = tonumber(@retentionMs)
redis.call('HINCRBY', @stats, 'filtered', 1)
countActivity(@activity, @activityBucket, 'filtered', now, retention)
appendLog(@filteredLog, now, @entry, tonumber(@logMax), retention)
return 1

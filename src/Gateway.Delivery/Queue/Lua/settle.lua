-- Settles a leased message after an attempt, only if the caller still holds its lease (the lease's score is the
-- caller's token); then, when @claimNext is '1', leases the endpoint's next ready message in the same round trip (under
-- the endpoint's in-flight cap @cap and rate limit @rate, see lib/claim.lua).
-- @mode: ack | retry | dead | release (release puts it back without counting an attempt).
-- A message that leaves the queue for good (ack, dead) is recorded in the endpoint's completion markers (a sorted set
-- by time, trimmed to @markerWindowMs) so that enqueue.lua, run again by fan-out recovery, skips it.
-- A message of an ordered group (@group not empty) is its group's head: delivered or dead-lettered under 'skip', it lets
-- the group's next message in (carrying @skippedIds when skipped); dead-lettered under @onExhausted 'pause', it holds
-- the group until the dead letter is replayed or deleted; retried, it marks the group blocked (lib/ordering.lua).
-- @indexMember, when not empty, indexes the attempt under its order in @orderIndex (lib/logs.lua).
-- Returns { owned (0/1), failingSinceMs or 0, [nextId, nextMeta] }.
local mode = @mode
local id = @messageId
local group = @group
local now = tonumber(@now)
local retention = tonumber(@retentionMs)
local delayMs = tonumber(@delayMs)
local result = { 0, 0 }
local g = groupKeys(@heads, @blocked, @paused, @waiting, @skippedHash, @skippedAt, @groupPrefix, @messages, @ready, @scheduled)
if @attemptEntry ~= '' then
  appendLog(@attempts, now, @attemptEntry, tonumber(@logMax), retention)
  if @indexMember ~= '' then indexAttempt(@orderIndex, now, @indexMember, retention) end
end
local function count(field)
  redis.call('HINCRBY', @stats, field, 1)
  countActivity(@activity, @activityBucket, field, now, retention)
end
local function markDone()
  local window = tonumber(@markerWindowMs)
  redis.call('ZADD', @completed, now, id)
  redis.call('ZREMRANGEBYSCORE', @completed, '-inf', '(' .. string.format('%d', now - window))
  redis.call('PEXPIRE', @completed, window)
end
-- A dead letter dropped by the bounds below that was holding a paused group lets the group go on, as a delete would.
local function dropped(o)
  local pausedGroup = unpause(g, o)
  if pausedGroup then advanceGroup(g, pausedGroup, o, o, now, delayMs, retention) end
end
local s = redis.call('ZSCORE', @leases, id)
if s and tonumber(s) == tonumber(@leaseToken) then
  redis.call('ZREM', @leases, id)
  result[1] = 1
  if mode == 'ack' then
    redis.call('HDEL', @messages, id)
    markDone()
    count('sent')
    redis.call('HSET', @health, 'lastSuccess', now)
    redis.call('HDEL', @health, 'failingSince')
    if group ~= '' then advanceGroup(g, group, id, '', now, delayMs, retention) end
  elseif mode == 'release' then
    redis.call('HSET', @messages, id, @meta)
    redis.call('ZADD', @scheduled, @dueMs, id)
  else
    count('failed')
    redis.call('HSETNX', @health, 'failingSince', now)
    result[2] = tonumber(redis.call('HGET', @health, 'failingSince'))
    if mode == 'retry' then
      redis.call('HSET', @messages, id, @meta)
      redis.call('ZADD', @scheduled, @dueMs, id)
      if group ~= '' and redis.call('ZSCORE', @blocked, group) == false then redis.call('ZADD', @blocked, now, group) end
    else
      redis.call('HDEL', @messages, id)
      markDone()
      redis.call('ZADD', @dead, now, id)
      redis.call('HSET', @deadRecords, id, @deadRecord)
      count('dead')
      if group ~= '' then
        if @onExhausted == 'pause' and redis.call('HGET', @heads, group) == id then
          redis.call('HSET', @paused, id, group)
          if redis.call('ZSCORE', @blocked, group) == false then redis.call('ZADD', @blocked, now, group) end
        else
          advanceGroup(g, group, id, @skippedIds, now, delayMs, retention)
        end
      end
      -- Dead letters are bounded by age (older than the retention go) and by count (the oldest go first).
      for _, o in ipairs(redis.call('ZRANGEBYSCORE', @dead, '-inf', now - retention, 'LIMIT', 0, 100)) do
        redis.call('HDEL', @deadRecords, o)
        redis.call('ZREM', @dead, o)
        dropped(o)
      end
      local over = redis.call('ZCARD', @dead) - tonumber(@deadMax)
      if over > 0 then
        for _, o in ipairs(redis.call('ZRANGE', @dead, 0, over - 1)) do
          redis.call('HDEL', @deadRecords, o)
          dropped(o)
        end
        redis.call('ZREMRANGEBYRANK', @dead, 0, over - 1)
      end
      redis.call('PEXPIRE', @dead, retention)
      redis.call('PEXPIRE', @deadRecords, retention)
    end
  end
end
if @claimNext == '1' then
  local nextLeased = claim(@ready, @scheduled, @leases, @messages, now, 1, tonumber(@leaseMs), tonumber(@cap), 10, @throttle, tonumber(@rate))
  if nextLeased[1] then
    result[3] = nextLeased[1]
    result[4] = nextLeased[2]
  end
end
return result

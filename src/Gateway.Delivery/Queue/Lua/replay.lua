-- Moves a dead letter back to the queue with a fresh attempt budget and the same message id. A message of an ordered
-- group (@group not empty) goes to its group's tail; when its dead-lettering had paused the group, the group resumes
-- with the messages that waited, and the replayed one follows them (see lib/ordering.lua).
-- Returns 1 when replayed, 0 when it was not a dead letter.
local id = @messageId
if redis.call('ZREM', @dead, id) == 0 then return 0 end
redis.call('HDEL', @deadRecords, id)
redis.call('HSET', @messages, id, @meta)
local group = @group
if group == '' then
  redis.call('LPUSH', @ready, id)
  return 1
end
local now = tonumber(@now)
local g = groupKeys(@heads, @blocked, @paused, @waiting, @skippedHash, @skippedAt, @groupPrefix, @messages, @ready, @scheduled)
local pausedGroup = unpause(g, id)
if pausedGroup then
  redis.call('RPUSH', g.prefix .. pausedGroup, id)
  redis.call('INCR', g.waiting)
  advanceGroup(g, pausedGroup, id, '', now, 0, tonumber(@retentionMs))
  return 1
end
joinGroup(g, group, id, now, 0)
return 1

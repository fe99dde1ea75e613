-- Queues one message at one endpoint, once: a second call for the same message id does nothing, and neither does a
-- call for a message that recently completed (delivered or dead-lettered: see settle.lua's completion markers), which
-- is what fan-out recovery does when a crash lost the event's "fan-out done" mark. A message of an ordered group
-- (@group not empty) waits behind its group's head, if the group has one (see lib/ordering.lua).
-- Returns -1 when already queued or completed, -2 when waiting behind its group's head, 0 when scheduled (dueMs > 0),
-- else the ready list's new length.
if redis.call('ZSCORE', @completed, @messageId) then return -1 end
if redis.call('HSETNX', @messages, @messageId, @meta) == 0 then return -1 end
local due = tonumber(@dueMs)
if @group ~= '' then
  local g = groupKeys(@heads, @blocked, @paused, @waiting, @skippedHash, @skippedAt, @groupPrefix, @messages, @ready, @scheduled)
  local placed = joinGroup(g, @group, @messageId, tonumber(@now), tonumber(@delayMs))
  if placed == 0 then return -2 end
  if placed == 2 then return 0 end
  return redis.call('LLEN', @ready)
end
if due > 0 then
  redis.call('ZADD', @scheduled, due, @messageId)
  return 0
end
return redis.call('LPUSH', @ready, @messageId)

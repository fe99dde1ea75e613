-- Queues one message at one endpoint, once: a second call for the same message id does nothing, and neither does a
-- call for a message that recently completed (delivered or dead-lettered: see settle.lua's completion markers), which
-- is what fan-out recovery does when a crash lost the event's "fan-out done" mark.
-- Returns -1 when already queued or completed, 0 when scheduled (dueMs > 0), else the ready list's new length.
if redis.call('ZSCORE', @completed, @messageId) then return -1 end
if redis.call('HSETNX', @messages, @messageId, @meta) == 0 then return -1 end
if tonumber(@dueMs) > 0 then
  redis.call('ZADD', @scheduled, @dueMs, @messageId)
  return 0
end
return redis.call('LPUSH', @ready, @messageId)

-- Queues one message at one endpoint, once: a second call for the same message id does nothing.
-- Returns -1 when already queued, 0 when scheduled (dueMs > 0), else the ready list's new length.
if redis.call('HSETNX', @messages, @messageId, @meta) == 0 then return -1 end
if tonumber(@dueMs) > 0 then
  redis.call('ZADD', @scheduled, @dueMs, @messageId)
  return 0
end
return redis.call('LPUSH', @ready, @messageId)

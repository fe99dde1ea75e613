-- Queues again a message that failed and waits in the scheduled set for its retry, with a fresh attempt budget: only
-- while its record is still @expected (the one the caller read and judged: failed, in the recovery's window), so a
-- message that was attempted, settled or recovered meanwhile is left alone. It keeps its id (the webhook-id). A head
-- of an ordered group stays its group's head: it goes to the ready list like any due retry.
-- Returns 1 when queued again, 0 when left alone.
local id = @messageId
if redis.call('HGET', @messages, id) ~= @expected or not redis.call('ZSCORE', @scheduled, id) then return 0 end
redis.call('ZREM', @scheduled, id)
redis.call('HSET', @messages, id, @meta)
redis.call('LPUSH', @ready, id)
return 1

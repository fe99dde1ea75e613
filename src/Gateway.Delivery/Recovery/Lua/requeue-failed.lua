-- Queues again, in one call, failed messages of one endpoint that wait in the scheduled set for their retry, each with
-- a fresh attempt budget: each only while its record is still the one the caller read and judged (failed, in the
-- recovery's window), so a message attempted, settled or recovered meanwhile is left alone. Each keeps its id (the
-- webhook-id). A head of an ordered group stays its group's head: it goes to the ready list like any due retry.
-- @items holds 3 fields per message, each written as "<byte length>:<bytes>": messageId, the record read, the new record.
-- Returns how many were queued again. Needs Queue/Lua/lib/items.lua.
local field, more = itemReader(@items)
local queued = 0
while more() do
  local id, expected, meta = field(), field(), field()
  if redis.call('HGET', @messages, id) == expected and redis.call('ZSCORE', @scheduled, id) then
    redis.call('ZREM', @scheduled, id)
    redis.call('HSET', @messages, id, meta)
    redis.call('LPUSH', @ready, id)
    queued = queued + 1
  end
end
return queued

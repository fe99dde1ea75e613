-- Moves a dead letter back to the queue with a fresh attempt budget and the same message id.
-- Returns 1 when replayed, 0 when it was not a dead letter.
if redis.call('ZREM', @dead, @messageId) == 0 then return 0 end
redis.call('HDEL', @deadRecords, @messageId)
redis.call('HSET', @messages, @messageId, @meta)
redis.call('LPUSH', @ready, @messageId)
return 1

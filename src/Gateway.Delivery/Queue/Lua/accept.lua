-- Accepts an event: stores its body once, marks its fan-out pending, remembers the idempotency key.
-- Returns the earlier record when the idempotency key was seen, else false.
if @useIdempotency == '1' then
  local prior = redis.call('GET', @idempotency)
  if prior then return prior end
end
redis.call('HSET', @event, 'b', @body, 't', @tenant, 'y', @eventType, 'r', @receivedMs, 'g', @targets)
redis.call('PEXPIRE', @event, @retentionMs)
redis.call('ZADD', @pending, @receivedMs, @eventId)
if @useIdempotency == '1' then redis.call('SET', @idempotency, @record, 'PX', @idempotencyMs) end
return false

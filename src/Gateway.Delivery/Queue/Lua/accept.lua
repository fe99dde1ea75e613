-- Accepts an event: stores its body once, marks its fan-out pending, remembers the idempotency key.
-- Each target gets a mark 'p:<endpointId>' and 'n' counts the unmarked ones (event-settled.lua clears them), so the
-- body can go once every target has settled. An event with no target is kept only @payloadRetentionMs.
-- Returns the earlier record when the idempotency key was seen, else false.
if @useIdempotency == '1' then
  local prior = redis.call('GET', @idempotency)
  if prior then return prior end
end
redis.call('HSET', @event, 'b', @body, 't', @tenant, 'y', @eventType, 'r', @receivedMs, 'g', @targets)
-- The accept's W3C trace context, so every attempt joins the trace of the request that sent the event (tracing on only).
if @traceParent ~= '' then redis.call('HSET', @event, 'c', @traceParent) end
local remaining = 0
for endpoint in string.gmatch(@targets, '([^,]+):%-?%d+') do
  if redis.call('HSETNX', @event, 'p:' .. endpoint, '1') == 1 then remaining = remaining + 1 end
end
redis.call('HSET', @event, 'n', remaining)
if remaining == 0 and tonumber(@payloadRetentionMs) < tonumber(@retentionMs) then
  redis.call('PEXPIRE', @event, math.max(1, tonumber(@payloadRetentionMs)))
else
  redis.call('PEXPIRE', @event, @retentionMs)
end
redis.call('ZADD', @pending, @receivedMs, @eventId)
if @useIdempotency == '1' then redis.call('SET', @idempotency, @record, 'PX', @idempotencyMs) end
return false

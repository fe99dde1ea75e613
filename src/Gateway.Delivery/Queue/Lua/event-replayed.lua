-- Makes an event's body available again before one of its dead letters is replayed: when the body was already
-- dropped (every target settled) it is restored from the dead letter's copy; the endpoint becomes an unsettled
-- target again (counted once however often it is replayed) and the event is kept at least @retentionMs.
-- Returns 1, or 0 when there is no body to deliver (a dead letter without a copy, whose event is gone).
if @body ~= '' and redis.call('HEXISTS', @event, 'b') == 0 then
  redis.call('HSET', @event, 'b', @body, 't', @tenant, 'y', @eventType, 'r', @receivedMs)
  redis.call('HSETNX', @event, 'g', '')
end
if redis.call('EXISTS', @event) == 0 then return 0 end
-- A replay's attempts join the event's original trace (its context kept in the dead letter).
if @traceParent ~= '' then redis.call('HSETNX', @event, 'c', @traceParent) end
if redis.call('HSETNX', @event, @target, '1') == 1 then redis.call('HINCRBY', @event, 'n', 1) end
-- PTTL is -1 for a hash just restored (no expiry yet): below any retention, so it gets one.
if redis.call('PTTL', @event) < tonumber(@retentionMs) then redis.call('PEXPIRE', @event, @retentionMs) end
return 1

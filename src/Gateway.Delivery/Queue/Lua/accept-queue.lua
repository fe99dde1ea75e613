-- Accepts an event and queues it at every target in one atomic call, where one server holds every key (a single Redis,
-- not a cluster): what accept.lua, then enqueue.lua and activate.lua per target, write, without the pending fan-out
-- mark, which only covers a crash between those calls. The event keeps its target list ('g') and one mark
-- 'p:<endpointId>' per target, as accept.lua writes them, so recovery, the logs and event-settled.lua read it as before.
-- @targets is "endpointId:delaySeconds[:uriEscapedGroup]" joined by ','; @messageIds and @indexShards are in the same
-- order, joined by ','; @marks has one character per target, '1' where the active-endpoint index must be marked even
-- when the queue was not empty (this process has not marked that endpoint lately). Endpoint keys are @prefix ':{' id
-- '}:' and a suffix, as RedisKeys builds them.
-- Returns { 1, earlier record } when the idempotency key was seen, else { 0, result per target (lib/enqueue.lua) }.
if @useIdempotency == '1' then
  local prior = redis.call('GET', @idempotency)
  if prior then return { 1, prior } end
end
local now = tonumber(@receivedMs)
-- The event id is new, so its record is written whole in one command: a mark per target (each endpoint once) and
-- their count.
local record = { 'b', @body, 't', @tenant, 'y', @eventType, 'r', @receivedMs, 'g', @targets }
local remaining = 0
for endpoint in string.gmatch(@targets, '([^,:]+):%-?%d+') do
  record[#record + 1] = 'p:' .. endpoint
  record[#record + 1] = '1'
  remaining = remaining + 1
end
record[#record + 1] = 'n'
record[#record + 1] = remaining
-- The accept's W3C trace context, so every attempt joins the trace of the request that sent the event (tracing on only).
if @traceParent ~= '' then
  record[#record + 1] = 'c'
  record[#record + 1] = @traceParent
end
redis.call('HSET', @event, unpack(record))
local ids, shards = {}, {}
for id in string.gmatch(@messageIds, '[^,]+') do ids[#ids + 1] = id end
for shard in string.gmatch(@indexShards, '[^,]+') do shards[#shards + 1] = shard end
local out = { 0 }
local i = 0
for target in string.gmatch(@targets, '[^,]+') do
  i = i + 1
  local endpoint, delay, escaped = string.match(target, '^([^:]+):(%-?%d+):?(.*)$')
  local tag = @prefix .. ':{' .. endpoint .. '}:'
  local g = groupKeys(tag .. 'gheads', tag .. 'gblocked', tag .. 'gpaused', tag .. 'gwaiting', tag .. 'gskipped',
    tag .. 'gskippedat', tag .. 'g:', tag .. 'msg', tag .. 'ready', tag .. 'sched')
  local group = string.gsub(escaped, '%%(%x%x)', function(h) return string.char(tonumber(h, 16)) end)
  local meta = @meta
  if group ~= '' then meta = meta .. '||' .. group end
  local delayMs = tonumber(delay) * 1000
  local due = 0
  if delayMs > 0 then due = now + delayMs end
  local result = enqueueOne(g, tag .. 'done', ids[i], meta, group, now, delayMs, due, true)
  if result < 2 or string.sub(@marks, i, i) == '1' then
    activate(@prefix .. ':{ix:' .. shards[i] .. '}:active', endpoint, due)
  end
  out[#out + 1] = result
end
if remaining == 0 and tonumber(@payloadRetentionMs) < tonumber(@retentionMs) then
  redis.call('PEXPIRE', @event, math.max(1, tonumber(@payloadRetentionMs)))
else
  redis.call('PEXPIRE', @event, @retentionMs)
end
if @useIdempotency == '1' then redis.call('SET', @idempotency, @record, 'PX', @idempotencyMs) end
return out

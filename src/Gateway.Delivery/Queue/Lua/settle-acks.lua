-- Settles many delivered messages, of any endpoints, in one call where one server holds every key (not a cluster):
-- for each, what settle.lua does for 'ack' (needs lib/items.lua, lib/claim.lua, lib/ordering.lua, lib/logs.lua, lib/lifetime.lua),
-- and then what event-settled.lua does in the event's record, so a delivery costs no call of its own there.
-- @items holds 12 fields per message, each written as "<byte length>:<bytes>": endpointId, messageId, leaseToken, now,
-- attemptEntry, group, delayMs, claimNextCap (0: claim nothing), eventKey, rateLimit (0: none), orderKey and indexMember
-- (the attempt's entry in its order's index, lib/logs.lua; both empty when the event has no objectId). Endpoint keys are @prefix ':{' id '}:' and
-- a suffix, as RedisKeys builds them. The counters, health and bounds of each log, marker set and counter hash touched
-- are written once per endpoint and call instead of once per message, and so is the claim of the next messages.
-- Returns 4 values per message: owned (0/1), and the id, meta and lease token (its expiry) of the next message leased
-- ('', '', 0 for none).
local field, more = itemReader(@items)
local retention = tonumber(@retentionMs)
local logMax = tonumber(@logMax)
local window = tonumber(@markerWindowMs)
local leaseMs = tonumber(@leaseMs)
local keep = tonumber(@payloadRetentionMs)
local touched, tags = {}, {}
local out = {}
-- First read every acknowledgement, grouping them by endpoint.
while more() do
  local endpoint, id, token, now = field(), field(), field(), tonumber(field())
  local entry, group, delayMs, cap, event = field(), field(), tonumber(field()), tonumber(field()), field()
  local rate = tonumber(field())
  local orderKey, indexMember = field(), field()
  local tag = @prefix .. ':{' .. endpoint .. '}:'
  local t = touched[tag]
  if not t then
    t = { now = now, health = false, acks = {} }
    touched[tag] = t
    tags[#tags + 1] = tag
  elseif now > t.now then
    t.now = now
  end
  if entry ~= '' then
    t.log = t.log or {}
    t.log[#t.log + 1] = now
    t.log[#t.log + 1] = entry
    if indexMember ~= '' then indexAttempt(tag .. 'order:' .. orderKey, now, indexMember, retention) end
  end
  out[#out + 1] = 0
  out[#out + 1] = ''
  out[#out + 1] = ''
  out[#out + 1] = 0
  t.acks[#t.acks + 1] = { endpoint = endpoint, id = id, token = token, now = now, group = group, delayMs = delayMs,
    event = event, slot = #out - 3 }
  if cap > 0 then
    t.cap = cap
    t.rate = rate
    t.claims = t.claims or {}
    t.claims[#t.claims + 1] = #out - 2
  end
end
-- Then, per endpoint, the leases still held (a lease is owned while its expiry is the token the claim returned) are
-- released and their messages dropped, a few commands for all of them; the marks they clear in their events are
-- gathered per event.
local settled, events = {}, {}
for _, tag in ipairs(tags) do
  local t = touched[tag]
  local ids = {}
  for k, a in ipairs(t.acks) do ids[k] = a.id end
  local scores = redis.call('ZMSCORE', tag .. 'lease', unpack(ids))
  local owned, seen = {}, {}
  for k, a in ipairs(t.acks) do
    local s = scores[k]
    if s and not seen[a.id] and tonumber(s) == tonumber(a.token) then
      seen[a.id] = true
      owned[#owned + 1] = a
    end
  end
  if #owned > 0 then
    local gone = {}
    for k, a in ipairs(owned) do gone[k] = a.id end
    redis.call('ZREM', tag .. 'lease', unpack(gone))
    redis.call('HDEL', tag .. 'msg', unpack(gone))
    t.done = {}
    t.hours = {}
    t.sent = #owned
    t.health = true
    for _, a in ipairs(owned) do
      out[a.slot] = 1
      t.done[#t.done + 1] = a.now
      t.done[#t.done + 1] = a.id
      local bucket = string.format('%d', math.floor(a.now / 3600000))
      t.hours[bucket] = (t.hours[bucket] or 0) + 1
      if a.group ~= '' then
        local g = groupKeys(tag .. 'gheads', tag .. 'gblocked', tag .. 'gpaused', tag .. 'gwaiting', tag .. 'gskipped',
          tag .. 'gskippedat', tag .. 'g:', tag .. 'msg', tag .. 'ready', tag .. 'sched')
        advanceGroup(g, a.group, a.id, '', a.now, a.delayMs, retention)
      end
      if not settled[a.event] then
        settled[a.event] = {}
        events[#events + 1] = a.event
      end
      local marks = settled[a.event]
      marks[#marks + 1] = 'p:' .. a.endpoint
    end
  end
end
for _, event in ipairs(events) do targetsSettled(event, settled[event], keep) end
for _, tag in ipairs(tags) do
  local t = touched[tag]
  if t.log then
    redis.call('ZADD', tag .. 'attemptlog', unpack(t.log))
    redis.call('ZREMRANGEBYSCORE', tag .. 'attemptlog', '-inf', '(' .. string.format('%d', t.now - retention))
    redis.call('ZREMRANGEBYRANK', tag .. 'attemptlog', 0, -(logMax + 1))
    redis.call('PEXPIRE', tag .. 'attemptlog', retention)
  end
  if t.done then
    redis.call('ZADD', tag .. 'done', unpack(t.done))
    redis.call('ZREMRANGEBYSCORE', tag .. 'done', '-inf', '(' .. string.format('%d', t.now - window))
    redis.call('PEXPIRE', tag .. 'done', window)
  end
  if t.health then
    redis.call('HINCRBY', tag .. 'stats', 'sent', t.sent)
    local newHour = false
    for bucket, n in pairs(t.hours) do
      if redis.call('HINCRBY', tag .. 'activity', bucket .. ':sent', n) == n then newHour = true end
    end
    if newHour then trimActivity(tag .. 'activity', t.now, retention) end
    redis.call('PEXPIRE', tag .. 'activity', retention)
    redis.call('HSET', tag .. 'health', 'lastSuccess', t.now)
    redis.call('HDEL', tag .. 'health', 'failingSince')
  end
  -- One claim per endpoint for every acknowledgement that asked for its next message, after all of them freed slots.
  if t.claims then
    local leased = claim(tag .. 'ready', tag .. 'sched', tag .. 'lease', tag .. 'msg', t.now, #t.claims, leaseMs, t.cap, 10, tag .. 'throttle', t.rate)
    for i = 1, #leased / 2 do
      out[t.claims[i]] = leased[2 * i - 1]
      out[t.claims[i] + 1] = leased[2 * i]
      out[t.claims[i] + 2] = t.now + leaseMs
    end
  end
end
return out

-- Settles many delivered messages, of any endpoints, in one call where one server holds every key (not a cluster):
-- for each, what settle.lua does for 'ack' (needs lib/claim.lua, lib/ordering.lua, lib/logs.lua and lib/lifetime.lua),
-- and then what event-settled.lua does in the event's record, so a delivery costs no call of its own there.
-- @items holds 10 fields per message, each written as "<byte length>:<bytes>": endpointId, messageId, leaseToken, now,
-- attemptEntry, group, delayMs, claimNextCap (0: claim nothing), eventKey, rateLimit (0: none). Endpoint keys are @prefix ':{' id '}:' and
-- a suffix, as RedisKeys builds them. The counters, health and bounds of each log, marker set and counter hash touched
-- are written once per endpoint and call instead of once per message, and so is the claim of the next messages.
-- Returns 4 values per message: owned (0/1), and the id, meta and lease token (its expiry) of the next message leased
-- ('', '', 0 for none).
local items = @items
local pos = 1
local function field()
  local colon = string.find(items, ':', pos, true)
  local n = tonumber(string.sub(items, pos, colon - 1))
  local v = string.sub(items, colon + 1, colon + n)
  pos = colon + n + 1
  return v
end
local retention = tonumber(@retentionMs)
local logMax = tonumber(@logMax)
local window = tonumber(@markerWindowMs)
local leaseMs = tonumber(@leaseMs)
local keep = tonumber(@payloadRetentionMs)
local touched = {}
local out = {}
while pos <= #items do
  local endpoint, id, token, now = field(), field(), field(), tonumber(field())
  local entry, group, delayMs, cap, event = field(), field(), tonumber(field()), tonumber(field()), field()
  local rate = tonumber(field())
  local tag = @prefix .. ':{' .. endpoint .. '}:'
  local t = touched[tag]
  if not t then
    t = { now = now, health = false }
    touched[tag] = t
  elseif now > t.now then
    t.now = now
  end
  if entry ~= '' then
    t.log = t.log or {}
    t.log[#t.log + 1] = now
    t.log[#t.log + 1] = entry
  end
  local owned = 0
  local s = redis.call('ZSCORE', tag .. 'lease', id)
  if s and tonumber(s) == tonumber(token) then
    owned = 1
    redis.call('ZREM', tag .. 'lease', id)
    redis.call('HDEL', tag .. 'msg', id)
    t.done = t.done or {}
    t.done[#t.done + 1] = now
    t.done[#t.done + 1] = id
    local bucket = string.format('%d', math.floor(now / 3600000))
    t.sent = (t.sent or 0) + 1
    t.hours = t.hours or {}
    t.hours[bucket] = (t.hours[bucket] or 0) + 1
    t.health = true
    if group ~= '' then
      local g = groupKeys(tag .. 'gheads', tag .. 'gblocked', tag .. 'gpaused', tag .. 'gwaiting', tag .. 'gskipped',
        tag .. 'gskippedat', tag .. 'g:', tag .. 'msg', tag .. 'ready', tag .. 'sched')
      advanceGroup(g, group, id, '', now, delayMs, retention)
    end
    targetSettled(event, 'p:' .. endpoint, keep)
  end
  out[#out + 1] = owned
  out[#out + 1] = ''
  out[#out + 1] = ''
  out[#out + 1] = 0
  if cap > 0 then
    t.cap = cap
    t.rate = rate
    t.claims = t.claims or {}
    t.claims[#t.claims + 1] = #out - 2
  end
end
for tag, t in pairs(touched) do
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

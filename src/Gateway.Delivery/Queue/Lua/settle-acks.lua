-- Settles many delivered messages, of any endpoints, in one call where one server holds every key (not a cluster):
-- for each, what settle.lua does for 'ack' (needs lib/claim.lua and lib/ordering.lua), and then what
-- event-settled.lua does in the event's record, so a delivery costs no call of its own there.
-- @items holds 9 fields per message, each written as "<byte length>:<bytes>": endpointId, messageId, leaseToken, now,
-- attemptEntry, group, delayMs, claimNextCap (0: claim nothing), eventKey. Endpoint keys are @prefix ':{' id '}:' and
-- a suffix, as RedisKeys builds them. The bounds of each log, marker set and counter hash touched are applied once per
-- call instead of once per message.
-- Returns 3 values per message: owned (0/1), and the id and meta of the next message leased ('' for none).
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
  local tag = @prefix .. ':{' .. endpoint .. '}:'
  local t = touched[tag]
  if not t then
    t = { now = now, health = false }
    touched[tag] = t
  elseif now > t.now then
    t.now = now
  end
  if entry ~= '' then
    redis.call('ZADD', tag .. 'attemptlog', now, entry)
    t.log = true
  end
  local owned, nextId, nextMeta = 0, '', ''
  local s = redis.call('ZSCORE', tag .. 'lease', id)
  if s and tonumber(s) == tonumber(token) then
    owned = 1
    redis.call('ZREM', tag .. 'lease', id)
    redis.call('HDEL', tag .. 'msg', id)
    redis.call('ZADD', tag .. 'done', now, id)
    t.done = true
    redis.call('HINCRBY', tag .. 'stats', 'sent', 1)
    local bucket = string.format('%d', math.floor(now / 3600000))
    if redis.call('HINCRBY', tag .. 'activity', bucket .. ':sent', 1) == 1 then t.newHour = true end
    t.health = true
    if group ~= '' then
      local g = groupKeys(tag .. 'gheads', tag .. 'gblocked', tag .. 'gpaused', tag .. 'gwaiting', tag .. 'gskipped',
        tag .. 'gskippedat', tag .. 'g:', tag .. 'msg', tag .. 'ready', tag .. 'sched')
      advanceGroup(g, group, id, '', now, delayMs, retention)
    end
    if redis.call('HDEL', event, 'p:' .. endpoint) == 1 and redis.call('HINCRBY', event, 'n', -1) <= 0 then
      if keep <= 0 then
        redis.call('DEL', event)
      else
        local ttl = redis.call('PTTL', event)
        if ttl < 0 or ttl > keep then redis.call('PEXPIRE', event, keep) end
      end
    end
  end
  if cap > 0 then
    local leased = claim(tag .. 'ready', tag .. 'sched', tag .. 'lease', tag .. 'msg', now, 1, leaseMs, cap, 10)
    if leased[1] then nextId, nextMeta = leased[1], leased[2] end
  end
  out[#out + 1] = owned
  out[#out + 1] = nextId
  out[#out + 1] = nextMeta
end
for tag, t in pairs(touched) do
  if t.log then
    redis.call('ZREMRANGEBYSCORE', tag .. 'attemptlog', '-inf', '(' .. string.format('%d', t.now - retention))
    redis.call('ZREMRANGEBYRANK', tag .. 'attemptlog', 0, -(logMax + 1))
    redis.call('PEXPIRE', tag .. 'attemptlog', retention)
  end
  if t.done then
    redis.call('ZREMRANGEBYSCORE', tag .. 'done', '-inf', '(' .. string.format('%d', t.now - window))
    redis.call('PEXPIRE', tag .. 'done', window)
  end
  if t.health then
    if t.newHour then
      local oldest = math.floor((t.now - retention) / 3600000)
      for _, f in ipairs(redis.call('HKEYS', tag .. 'activity')) do
        local hour = tonumber(string.match(f, '^(%d+):'))
        if hour and hour < oldest then redis.call('HDEL', tag .. 'activity', f) end
      end
    end
    redis.call('PEXPIRE', tag .. 'activity', retention)
    redis.call('HSET', tag .. 'health', 'lastSuccess', t.now)
    redis.call('HDEL', tag .. 'health', 'failingSince')
  end
end
return out

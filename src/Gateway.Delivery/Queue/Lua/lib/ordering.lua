-- Shared by enqueue.lua, settle.lua, replay.lua and drop-dead.lua: the groups of ordered endpoints (docs/ordering.md).
-- A group (one ordering-key value at one endpoint) has at most one message in the endpoint's ready list, schedule or
-- leases, its head (named in the heads hash), so the usual claim, lease and retry moves carry it; the others wait in
-- the group's list (prefix .. value) in accepted order, and only settling the head lets the next one in.
local function groupKeys(heads, blocked, paused, waiting, skipped, skippedAt, prefix, msg, ready, sched)
  return { heads = heads, blocked = blocked, paused = paused, waiting = waiting, skipped = skipped,
    skippedAt = skippedAt, prefix = prefix, msg = msg, ready = ready, sched = sched }
end

-- An ordered message's meta is "shard|event|type|ingestedMs|attempts|firstAttemptMs|skipped|group": sets its skipped ids.
local function withSkipped(meta, ids)
  local head, rest = string.match(meta, '^([^|]*|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|)[^|]*(|.*)$')
  if not head then return meta end
  return head .. ids .. rest
end

local function ingestedMs(meta)
  return tonumber(string.match(meta, '^[^|]*|[^|]*|[^|]*|([^|]*)')) or 0
end

-- Makes `id` (its meta already stored) the group's head: ready now, or scheduled when a delayed endpoint's first send
-- is not yet due. Skipped ids the group kept while it had no message go to this one.
local function becomeHead(g, group, id, now, delayMs)
  redis.call('HSET', g.heads, group, id)
  local kept = redis.call('HGET', g.skipped, group)
  local meta = redis.call('HGET', g.msg, id)
  if kept then
    redis.call('HDEL', g.skipped, group)
    redis.call('ZREM', g.skippedAt, group)
    meta = withSkipped(meta, kept)
    redis.call('HSET', g.msg, id, meta)
  end
  local due = 0
  if delayMs > 0 then due = ingestedMs(meta) + delayMs end
  if due > now then
    redis.call('ZADD', g.sched, due, id)
    return 2
  end
  redis.call('LPUSH', g.ready, id)
  return 1
end

-- Queues `id` in its group: behind the head when the group has one (returns 0), else as the head (1 ready, 2 scheduled).
local function joinGroup(g, group, id, now, delayMs)
  if redis.call('HEXISTS', g.heads, group) == 1 then
    redis.call('RPUSH', g.prefix .. group, id)
    redis.call('INCR', g.waiting)
    return 0
  end
  return becomeHead(g, group, id, now, delayMs)
end

-- The group's head `id` left (delivered, skipped, or its paused dead letter was replayed or deleted): the next waiting
-- message becomes the head, carrying `skippedIds` ('' for none); with none waiting the group ends, keeping the
-- skipped ids (bounded by `retention`) for its next message. Does nothing when `id` is not the head.
local function advanceGroup(g, group, id, skippedIds, now, delayMs, retention)
  if redis.call('HGET', g.heads, group) ~= id then return false end
  redis.call('ZREM', g.blocked, group)
  local list = g.prefix .. group
  while true do
    local nextId = redis.call('LPOP', list)
    if not nextId then break end
    redis.call('DECR', g.waiting)
    local meta = redis.call('HGET', g.msg, nextId)
    if meta then
      if skippedIds ~= '' then redis.call('HSET', g.msg, nextId, withSkipped(meta, skippedIds)) end
      becomeHead(g, group, nextId, now, delayMs)
      return nextId
    end
  end
  redis.call('HDEL', g.heads, group)
  if skippedIds ~= '' then
    redis.call('HSET', g.skipped, group, skippedIds)
    redis.call('ZADD', g.skippedAt, now, group)
    for _, old in ipairs(redis.call('ZRANGEBYSCORE', g.skippedAt, '-inf', now - retention, 'LIMIT', 0, 100)) do
      redis.call('HDEL', g.skipped, old)
      redis.call('ZREM', g.skippedAt, old)
    end
  end
  return false
end

-- Dead letter `id` left the dead letters (replayed, deleted or trimmed): when it paused its group, the group resumes.
-- Returns the group it paused, or false.
local function unpause(g, id)
  local group = redis.call('HGET', g.paused, id)
  if not group then return false end
  redis.call('HDEL', g.paused, id)
  return group
end

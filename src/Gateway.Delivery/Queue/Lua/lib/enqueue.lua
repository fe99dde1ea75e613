-- Shared by enqueue.lua and accept-queue.lua: the one place that queues a message at an endpoint (needs lib/ordering.lua).
-- Queues once: a second call for the same message id does nothing, and neither does a call for a message that recently
-- completed (delivered or dead-lettered: see settle.lua's completion markers), which is what fan-out recovery does when
-- a crash lost the event's "fan-out done" mark. A message of an ordered group (group not empty) waits behind its
-- group's head, if the group has one (see lib/ordering.lua).
-- A message of an event accepted in this same call (`fresh`) cannot be there already: its id is new, so neither check
-- is made.
-- Returns -1 when already queued or completed, -2 when waiting behind its group's head, 0 when scheduled (due > 0),
-- else the ready list's new length.
local function enqueueOne(g, completed, id, meta, group, now, delayMs, due, fresh)
  if fresh then
    redis.call('HSET', g.msg, id, meta)
  else
    if redis.call('ZSCORE', completed, id) then return -1 end
    if redis.call('HSETNX', g.msg, id, meta) == 0 then return -1 end
  end
  if group ~= '' then
    local placed = joinGroup(g, group, id, now, delayMs)
    if placed == 0 then return -2 end
    if placed == 2 then return 0 end
    return redis.call('LLEN', g.ready)
  end
  if due > 0 then
    redis.call('ZADD', g.sched, due, id)
    return 0
  end
  return redis.call('LPUSH', g.ready, id)
end


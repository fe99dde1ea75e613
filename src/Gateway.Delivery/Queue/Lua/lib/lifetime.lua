-- Shared by event-settled.lua and settle-acks.lua: targets of an event have settled (delivered, or dead-lettered:
-- the dead letter keeps its own copy of the body). Clearing the target's mark is idempotent, so a duplicate delivery
-- of the same message (a re-run fan-out, an expired lease) never counts twice. When the last target has settled the
-- event is kept only `keep` ms more (never longer than it would have been), for the logs' message detail.
-- `targets` lists the marks ('p:<endpointId>') that settled; all of them are cleared in one command.
-- Returns the targets still unsettled, or -1 when every mark was already gone (or the event expired).
local function targetsSettled(event, targets, keep)
  local removed = redis.call('HDEL', event, unpack(targets))
  if removed == 0 then return -1 end
  local left = redis.call('HINCRBY', event, 'n', -removed)
  if left <= 0 then
    if keep <= 0 then
      redis.call('DEL', event)
    else
      local ttl = redis.call('PTTL', event)
      if ttl < 0 or ttl > keep then redis.call('PEXPIRE', event, keep) end
    end
  end
  return left
end


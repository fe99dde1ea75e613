-- Deletes a dead letter. When it had paused its ordered group, the group goes on with its next message, which names
-- the deleted one in its skipped ids (see lib/ordering.lua). Returns 1 when deleted, 0 when it was not a dead letter.
local id = @messageId
local removed = redis.call('ZREM', @dead, id)
redis.call('HDEL', @deadRecords, id)
local g = groupKeys(@heads, @blocked, @paused, @waiting, @skippedHash, @skippedAt, @groupPrefix, @messages, @ready, @scheduled)
local pausedGroup = unpause(g, id)
if pausedGroup then
  advanceGroup(g, pausedGroup, id, id, tonumber(@now), tonumber(@delayMs), tonumber(@retentionMs))
end
return removed

-- Queues one message at one endpoint, once (see lib/enqueue.lua for the return codes).
local g = groupKeys(@heads, @blocked, @paused, @waiting, @skippedHash, @skippedAt, @groupPrefix, @messages, @ready, @scheduled)
return enqueueOne(g, @completed, @messageId, @meta, @group, tonumber(@now), tonumber(@delayMs), tonumber(@dueMs), false)

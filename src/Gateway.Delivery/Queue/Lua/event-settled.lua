-- Records that one target of an event has settled (see lib/lifetime.lua). Runs in the event's own slot, separately
-- from settle.lua (which runs in the endpoint's).
-- Returns the targets still unsettled, or -1 when the mark was already gone (or the event expired).
return targetsSettled(@event, { @target }, tonumber(@payloadRetentionMs))

-- Shared by settle-acks.lua and Recovery/Lua/requeue-failed.lua: reads a batch argument as Storage/ScriptItems.cs
-- writes it, fields one after another as "<byte length>:<bytes>". Returns a function giving the next field and one
-- saying whether any is left.
local function itemReader(items)
  local pos = 1
  local function nextField()
    local colon = string.find(items, ':', pos, true)
    local n = tonumber(string.sub(items, pos, colon - 1))
    local v = string.sub(items, colon + 1, colon + n)
    pos = colon + n + 1
    return v
  end
  return nextField, function() return pos <= #items end
end

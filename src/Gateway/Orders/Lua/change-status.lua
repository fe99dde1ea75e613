-- Checks and applies one status change of one order (keys of one hash tag: {ord:tenantId:orderId}). An order without
-- state starts at @initial. @ifMatch: '' none, '*' exists, else a version. @openSources / @adminOnlySources: the
-- statuses 'to' may be reached from, newline-joined. @entry: the history entry without its opening brace.
-- @customer / @items: JSON, '' keeps the stored ones. A change to notify (@requireDetails) is added to the outbox in
-- the same step, so its event is sent even if this process dies before handing it to ingestion.
-- Returns { 'ok', version, from, customer, items } or { 'precondition'|'forbidden'|'conflict'|'incomplete', version, from }.
local status = redis.call('HGET', @state, 'status')
local version = tonumber(redis.call('HGET', @state, 'version') or '0')
local to, ifMatch, initial = @to, @ifMatch, @initial
local from = status or ''
if not status and to ~= initial then from = initial end
if (ifMatch == '*' and not status) or (ifMatch ~= '' and ifMatch ~= '*' and tonumber(ifMatch) ~= version) then
  return { 'precondition', version, from }
end
if @forced ~= '1' and from ~= '' then
  local probe = '\n' .. from .. '\n'
  if not string.find('\n' .. @openSources .. '\n', probe, 1, true) then
    if string.find('\n' .. @adminOnlySources .. '\n', probe, 1, true) then return { 'forbidden', version, from } end
    return { 'conflict', version, from }
  end
end
local customer, items = @customer, @items
if customer == '' then customer = redis.call('HGET', @state, 'customer') or '' end
if items == '' then items = redis.call('HGET', @state, 'items') or '' end
if @requireDetails == '1' and (customer == '' or items == '') then return { 'incomplete', version, from } end
version = version + 1
local fromJson = 'null'
if from ~= '' then
  fromJson = '"' .. string.gsub(from, '[%c"\\]', function(c) return string.format('\\u%04x', string.byte(c)) end) .. '"'
end
redis.call('RPUSH', @history, '{"version":' .. version .. ',"from":' .. fromJson .. ',' .. @entry)
redis.call('HSET', @state, 'status', to, 'version', version, 'updatedAt', @nowText)
if not status then redis.call('HSET', @state, 'createdAt', @nowText) end
if @customer ~= '' then redis.call('HSET', @state, 'customer', customer) end
if @items ~= '' then redis.call('HSET', @state, 'items', items) end
if @requireDetails == '1' then redis.call('ZADD', @outbox, @nowMs, @outboxPrefix .. version) end
return { 'ok', version, from, customer, items }

-- Consumes a console link: reads and deletes it in one step, so two concurrent opens cannot both succeed.
local value = redis.call('GET', @link)
if value then redis.call('DEL', @link) end
return value

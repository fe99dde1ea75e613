-- Lets go of an order's sending lock (a string holding its holder's token) only if @token still holds it: a process
-- whose lock expired must not free the lock another process took since.
if redis.call('GET', @lock) == @token then return redis.call('DEL', @lock) end
return 0

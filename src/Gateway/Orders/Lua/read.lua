-- Reads an order's state and history together. Returns { state fields..., history entries... }.
return { redis.call('HGETALL', @state), redis.call('LRANGE', @history, 0, -1) }

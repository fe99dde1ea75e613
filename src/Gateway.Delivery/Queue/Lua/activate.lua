-- Marks an endpoint in its shard's index of active endpoints (see lib/activate.lua).
-- Only the index key is touched (its own hash tag), so this runs as a separate call after a queue script.
activate(@index, @endpointId, tonumber(@dueMs))
return 0

using Gateway.Delivery.Storage;

namespace Gateway.Ingestion;

/// <summary>The cluster-wide tenant rate limit's one atomic step (GCRA, <c>Lua/rate-limit.lua</c>), on one key under the tenant's hash tag.</summary>
internal static class RateLimitScript
{
    public static readonly RedisScript Acquire = LuaScripts.Load(typeof(RateLimitScript).Assembly, "Ingestion/Lua", "rate-limit.lua");
}

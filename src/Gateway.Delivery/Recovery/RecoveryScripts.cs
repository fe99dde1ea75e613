using Gateway.Delivery.Storage;

namespace Gateway.Delivery.Recovery;

/// <summary>The recovery's own move, an embedded <c>Lua/*.lua</c> file in the endpoint's slot.</summary>
internal static class RecoveryScripts
{
    /// <summary>Queues failed messages that wait for their retry again now, with a fresh attempt budget, a batch per call.</summary>
    public static readonly RedisScript RequeueFailed = LuaScripts.Load("Recovery/Lua", "requeue-failed.lua", "/Queue/Lua/lib/items.lua");
}

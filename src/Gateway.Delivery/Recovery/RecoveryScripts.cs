using Gateway.Delivery.Storage;

namespace Gateway.Delivery.Recovery;

/// <summary>The recovery's own move, an embedded <c>Lua/*.lua</c> file in the endpoint's slot.</summary>
internal static class RecoveryScripts
{
    /// <summary>Queues a failed message that waits for its retry again now, with a fresh attempt budget.</summary>
    public static readonly RedisScript RequeueFailed = LuaScripts.Load("Recovery/Lua", "requeue-failed.lua");
}

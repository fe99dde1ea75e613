using Gateway.Delivery.Storage;

namespace Gateway.Delivery.Logs;

/// <summary>The log reads that take more than one command of one endpoint's slot, one embedded <c>Lua/*.lua</c> file each.</summary>
internal static class LogScripts
{
    /// <summary>One endpoint's part of an order's timeline: its index entries and the attempt-log entries they name.</summary>
    public static readonly RedisScript OrderAttempts = LuaScripts.Load("Logs/Lua", "order-attempts.lua");
}

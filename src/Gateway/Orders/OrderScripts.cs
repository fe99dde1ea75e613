using Gateway.Delivery.Storage;

namespace Gateway.Orders;

/// <summary>
/// The order's atomic steps, one embedded <c>Lua/*.lua</c> file each. Both touch only the keys of one order (hash tag
/// <c>{ord:tenantId:orderId}</c>), use hashes, lists and a sorted set, and run on Redis 7 and Garnet.
/// </summary>
internal static class OrderScripts
{
    /// <summary>Checks and applies one status change, and adds its event to the outbox when it notifies.</summary>
    public static readonly RedisScript ChangeStatus = LuaScripts.Load(typeof(OrderScripts).Assembly, "Orders/Lua", "change-status.lua");

    /// <summary>Lets go of an order's sending lock only if the caller still holds it.</summary>
    public static readonly RedisScript Unlock = LuaScripts.Load(typeof(OrderScripts).Assembly, "Orders/Lua", "unlock.lua");

    /// <summary>Reads an order's state and history together.</summary>
    public static readonly RedisScript Read = LuaScripts.Load(typeof(OrderScripts).Assembly, "Orders/Lua", "read.lua");
}

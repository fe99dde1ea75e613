using Gateway.Delivery.Storage;

namespace Gateway.Delivery.Queue;

/// <summary>
/// The atomic moves of the queue, one embedded <c>Lua/*.lua</c> file each. Each touches the keys of one hash tag only
/// (one endpoint, or one ingestion shard), uses lists, sorted sets and hashes (no streams), and runs on Redis 7,
/// Redis Cluster and Garnet. Shared logic lives once in <c>Lua/lib/</c>.
/// </summary>
internal static class QueueScripts
{
    private const string Folder = "Queue/Lua";

    /// <summary>Stores an event's body, marks its fan-out pending and remembers its idempotency key.</summary>
    public static readonly RedisScript Accept = LuaScripts.Load(Folder, "accept.lua");

    /// <summary>Marks one target of an event settled; after the last, keeps the body only <c>Gateway:PayloadRetention</c>.</summary>
    public static readonly RedisScript EventSettled = LuaScripts.Load(Folder, "event-settled.lua", "lib/lifetime.lua");

    /// <summary>Restores a dropped event body from a dead letter's copy before the dead letter is replayed.</summary>
    public static readonly RedisScript EventReplayed = LuaScripts.Load(Folder, "event-replayed.lua");

    /// <summary>Queues one message at one endpoint, once.</summary>
    public static readonly RedisScript Enqueue = LuaScripts.Load(Folder, "enqueue.lua", "lib/ordering.lua", "lib/enqueue.lua");

    /// <summary>Accepts an event and queues it at every target in one call, where one server holds every key.</summary>
    public static readonly RedisScript AcceptQueue = LuaScripts.Load(Folder, "accept-queue.lua", "lib/ordering.lua", "lib/enqueue.lua", "lib/activate.lua");

    /// <summary>Leases ready work under the endpoint's in-flight cap and rate limit, after reclaiming expired leases and promoting due work.</summary>
    public static readonly RedisScript Claim = LuaScripts.Load(Folder, "claim.lua", "lib/throttle.lua", "lib/claim.lua");

    /// <summary>Settles a leased message (if the lease is still the caller's) and may lease the next one.</summary>
    public static readonly RedisScript Settle = LuaScripts.Load(Folder, "settle.lua", "lib/logs.lua", "lib/throttle.lua", "lib/claim.lua", "lib/ordering.lua");

    /// <summary>Acknowledges many delivered messages of any endpoints in one call, where one server holds every key.</summary>
    public static readonly RedisScript SettleAcks = LuaScripts.Load(Folder, "settle-acks.lua", "lib/items.lua", "lib/throttle.lua", "lib/claim.lua", "lib/ordering.lua", "lib/logs.lua", "lib/lifetime.lua");

    /// <summary>Counts and logs an event an endpoint's rules rejected.</summary>
    public static readonly RedisScript Filtered = LuaScripts.Load(Folder, "filtered.lua", "lib/logs.lua");

    /// <summary>Queues a dead letter again with a fresh attempt budget (an ordered one at its group's tail).</summary>
    public static readonly RedisScript Replay = LuaScripts.Load(Folder, "replay.lua", "lib/ordering.lua");

    /// <summary>Deletes a dead letter, resuming the ordered group it paused.</summary>
    public static readonly RedisScript DropDead = LuaScripts.Load(Folder, "drop-dead.lua", "lib/ordering.lua");

    /// <summary>Marks an endpoint due in its shard's index of active endpoints (keeping an earlier mark).</summary>
    public static readonly RedisScript Activate = LuaScripts.Load(Folder, "activate.lua", "lib/activate.lua");

    /// <summary>Folds a deleted endpoint's counters into its tenant's.</summary>
    public static readonly RedisScript Retire = LuaScripts.Load(Folder, "retire.lua");
}

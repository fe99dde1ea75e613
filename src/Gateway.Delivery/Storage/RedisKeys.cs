using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// Every key the engine writes. Keys of one endpoint's queue share the hash tag <c>{endpointId}</c> and keys of one
/// ingestion shard share <c>{in:N}</c>, so every Lua script touches a single slot and runs on Redis Cluster. The keys
/// of the host's own features (tenants, API keys, endpoints, orders) are the host's (<c>Gateway.HostKeys</c>).
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>Events are spread over this many ingestion shards; the shard is the first character of the event id.</summary>
    public const int IngestShards = 16;

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public string Prefix { get; } = prefix;

    public RedisChannel ChangesChannel { get; } = RedisChannel.Literal($"{prefix}:changes");

    public RedisChannel WakeChannel { get; } = RedisChannel.Literal($"{prefix}:wake");

    // Counters of a tenant's deleted endpoints, folded in when each was deleted, so tenant stats stay all-time.
    public string RetiredStats(string tenantId) => $"{Prefix}:{{t:{tenantId}}}:retiredstats";

    public string RetiredActivity(string tenantId) => $"{Prefix}:{{t:{tenantId}}}:retiredactivity";

    // Ingestion shard: the event body, its idempotency record and the list of events whose fan-out is unfinished.
    public string Event(int shard, string eventId) => $"{Prefix}:{{in:{shard}}}:ev:{eventId}";

    public string Idempotency(int shard, string tenantId, string key) => $"{Prefix}:{{in:{shard}}}:idem:{tenantId}:{key}";

    public string PendingFanout(int shard) => $"{Prefix}:{{in:{shard}}}:pending";

    // Endpoints with work (ready, scheduled or leased), scored by when a worker must look at them at the latest
    // (0: now). Sharded by endpoint under one hash tag per shard; idle endpoints are not in it, so idle workers read
    // IngestShards small sorted sets per poll, whatever the number of endpoints.
    public string ActiveIndex(int shard) => $"{Prefix}:{{ix:{shard}}}:active";

    public static int ActiveShardOf(string endpointId)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(endpointId), hash);
        return hash[0] % IngestShards;
    }

    // One endpoint's queue.
    public string Ready(string endpointId) => $"{Prefix}:{{{endpointId}}}:ready";

    public string Scheduled(string endpointId) => $"{Prefix}:{{{endpointId}}}:sched";

    public string Leases(string endpointId) => $"{Prefix}:{{{endpointId}}}:lease";

    public string Messages(string endpointId) => $"{Prefix}:{{{endpointId}}}:msg";

    // Messages that left the queue for good recently (member: message id, score: when), so recovery never re-queues them.
    public string Completed(string endpointId) => $"{Prefix}:{{{endpointId}}}:done";

    // The endpoint's rate limit: its GCRA theoretical arrival time (µs), taken by every claim (Queue/Lua/lib/throttle.lua).
    public string Throttle(string endpointId) => $"{Prefix}:{{{endpointId}}}:throttle";

    // A recovery of the endpoint's failed messages (its progress), and the marker of the one running for a window.
    public string Recovery(string endpointId, string recoveryId) => $"{Prefix}:{{{endpointId}}}:recovery:{recoveryId}";

    public string Recovering(string endpointId, string windowKey) => $"{Prefix}:{{{endpointId}}}:recovering:{windowKey}";

    public string DeadLetters(string endpointId) => $"{Prefix}:{{{endpointId}}}:dead";

    public string DeadLetterRecords(string endpointId) => $"{Prefix}:{{{endpointId}}}:deadmsg";

    // The attempt and filtered logs are sorted sets scored by time (Unix ms), named apart from the lists an older
    // version kept, so an upgraded gateway never reads one of those as a sorted set (WRONGTYPE).
    public string Attempts(string endpointId) => $"{Prefix}:{{{endpointId}}}:attemptlog";

    // The attempts of one order (objectId) at the endpoint, by time: the order index (Logs/OrderIndex.cs); orderKey is the
    // id's 22-character hash, so the key is bounded whatever the id.
    public string OrderIndex(string endpointId, string orderKey) => $"{Prefix}:{{{endpointId}}}:order:{orderKey}";

    public string Stats(string endpointId) => $"{Prefix}:{{{endpointId}}}:stats";

    public string Activity(string endpointId) => $"{Prefix}:{{{endpointId}}}:activity";

    public string Health(string endpointId) => $"{Prefix}:{{{endpointId}}}:health";

    // The filtered log keeps the seed's word for it ("blocked") in its key, so an upgrade keeps the stored entries.
    public string Filtered(string endpointId) => $"{Prefix}:{{{endpointId}}}:blocked";

    // Ordered groups of one endpoint (docs/ordering.md), all under the endpoint's hash tag: each group's FIFO of the
    // messages waiting behind its head is GroupPrefix + key value; the head of every group with queued messages; the
    // groups whose head has failed, by since when; the paused groups by their dead-lettered head; how many wait; and
    // the skipped ids a quiet group keeps for its next message, with when they were kept.
    public string GroupPrefix(string endpointId) => $"{Prefix}:{{{endpointId}}}:g:";

    public string GroupHeads(string endpointId) => $"{Prefix}:{{{endpointId}}}:gheads";

    public string BlockedGroups(string endpointId) => $"{Prefix}:{{{endpointId}}}:gblocked";

    public string PausedGroups(string endpointId) => $"{Prefix}:{{{endpointId}}}:gpaused";

    public string GroupWaiting(string endpointId) => $"{Prefix}:{{{endpointId}}}:gwaiting";

    public string GroupSkipped(string endpointId) => $"{Prefix}:{{{endpointId}}}:gskipped";

    public string GroupSkippedAt(string endpointId) => $"{Prefix}:{{{endpointId}}}:gskippedat";

    public static int ShardOf(string eventId) =>
        TryShardOf(eventId, out var shard) ? shard : throw new ArgumentException($"'{eventId}' is not an event id.", nameof(eventId));

    /// <summary>
    /// The shard of an id a client sent, which may be anything: false unless it is <c>evt_</c>, a lower-case hex
    /// digit naming the shard, then only id characters, as <see cref="Ids.NewEvent"/> makes them.
    /// </summary>
    public static bool TryShardOf(string eventId, out int shard)
    {
        shard = 0;
        if (eventId.Length is < 6 or > 64 || !eventId.StartsWith("evt_", StringComparison.Ordinal)
            || !char.IsAsciiHexDigitLower(eventId[4]) || eventId.AsSpan(5).ContainsAnyExcept(IdCharacters))
        {
            return false;
        }

        shard = Convert.ToInt32(eventId[4].ToString(), 16) % IngestShards;
        return true;
    }
}

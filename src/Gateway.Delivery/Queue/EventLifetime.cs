using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Queue;

/// <summary>
/// How long an event's body stays in its ingestion shard: accept marks every target, each settled target clears its
/// mark, and once the last has settled the body is kept only <c>Gateway:PayloadRetention</c>. These calls run in the
/// event's slot, apart from the settle in the endpoint's slot, so the same code runs on Redis Cluster.
/// </summary>
public sealed class EventLifetime(RedisStore store, IOptions<EngineOptions> options)
{
    private long PayloadRetentionMs => (long)options.Value.PayloadRetention.TotalMilliseconds;

    /// <summary>
    /// Records that <paramref name="endpointId"/>'s message of the event has settled (delivered or dead-lettered).
    /// Sent without waiting for the answer, so a delivery costs no extra round trip: it only shortens how long the
    /// body is kept, so if it is lost (a crash, Redis out of memory) the body stays until its retention expires, and
    /// no message is lost.
    /// </summary>
    public void TargetSettled(int shard, string eventId, string endpointId) =>
        _ = QueueScripts.EventSettled.EvaluateAsync(store.Database, Arguments(shard, eventId, endpointId), flags: CommandFlags.FireAndForget);

    /// <summary>The same as <see cref="TargetSettled"/>, awaited; returns the targets still unsettled, or -1 when
    /// this one was already settled or the event is gone.</summary>
    public async Task<long> TargetSettledAsync(int shard, string eventId, string endpointId) =>
        (long)await QueueScripts.EventSettled.EvaluateAsync(store.Database, Arguments(shard, eventId, endpointId)).ConfigureAwait(false);

    /// <summary>
    /// Before <paramref name="letter"/> is queued again: puts its body back from the dead letter's copy when it was
    /// dropped, makes its endpoint an unsettled target again, and keeps the event at least <paramref name="retention"/>.
    /// False when there is no body to deliver: the dead letter holds no copy and the event is gone.
    /// </summary>
    public async Task<bool> RestoreForReplayAsync(string tenantId, DeadLetter letter, TimeSpan retention) =>
        (long)await QueueScripts.EventReplayed.EvaluateAsync(store.Database, new
        {
            @event = (RedisKey)store.Keys.Event(letter.Shard, letter.EventId), target = TargetMark(letter.EndpointId),
            body = letter.Body, tenant = tenantId, eventType = letter.EventType, receivedMs = letter.IngestedMs,
            retentionMs = (long)retention.TotalMilliseconds, traceParent = letter.TraceParent ?? "",
        }).ConfigureAwait(false) == 1;

    /// <summary>Whether the event's body is still in Redis (a queued message can be delivered).</summary>
    public Task<bool> HasBodyAsync(int shard, string eventId) => store.Database.HashExistsAsync(store.Keys.Event(shard, eventId), "b");

    private object Arguments(int shard, string eventId, string endpointId) => new
    {
        @event = (RedisKey)store.Keys.Event(shard, eventId), target = TargetMark(endpointId), payloadRetentionMs = PayloadRetentionMs,
    };

    private static string TargetMark(string endpointId) => "p:" + endpointId;
}

using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using StackExchange.Redis;

namespace Gateway.Tests.Infrastructure;

/// <summary>What a process that died right after the atomic accept leaves behind: the event and its pending fan-out
/// mark in its shard, and no queue entry at its target.</summary>
public static class HalfAccepted
{
    public static Task WriteAsync(RedisStore store, int shard, string eventId, string tenantId, string body, string endpointId, long receivedMs) =>
        QueueScripts.Accept.EvaluateAsync(store.Database, new
        {
            traceParent = "",
            @event = (RedisKey)store.Keys.Event(shard, eventId), pending = (RedisKey)store.Keys.PendingFanout(shard),
            idempotency = (RedisKey)store.Keys.Idempotency(shard, tenantId, ""), useIdempotency = "0", body, tenant = tenantId,
            eventType = "order.completed", receivedMs, retentionMs = 600_000, targets = $"{endpointId}:0", idempotencyMs = 0, record = "", eventId,
            payloadRetentionMs = 3_600_000L,
        });
}

using Gateway.Delivery.Storage;

namespace Gateway.Orders;

/// <summary>
/// Sends status events that a process recorded in an order shard's outbox but did not hand to ingestion (it died,
/// or Redis failed in between). Runs in worker processes, every few seconds, for entries older than <see cref="RecoverySweep.Grace"/>.
/// </summary>
public sealed class OrderOutboxRecovery(OrderStore orders, OrderStatusService statuses, TimeProvider time, ILogger<OrderOutboxRecovery> logger)
    : RecoverySweep(time, logger)
{
    /// <summary>Sends every outbox event older than <paramref name="olderThan"/>; returns how many.</summary>
    public override async Task<int> SweepAsync(TimeSpan olderThan)
    {
        var cutoff = Time.GetUtcNow().ToUnixTimeMilliseconds() - (long)olderThan.TotalMilliseconds;
        var sent = 0;
        for (var shard = 0; shard < RedisKeys.IngestShards; shard++)
        {
            foreach (var (tenantId, orderId, version) in await orders.StaleOutboxAsync(shard, cutoff).ConfigureAwait(false))
            {
                await statuses.ResendAsync(tenantId, orderId, version).ConfigureAwait(false);
                sent++;
            }
        }

        return sent;
    }
}

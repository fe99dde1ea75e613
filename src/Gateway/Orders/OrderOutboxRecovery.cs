using Gateway.Storage;

namespace Gateway.Orders;

/// <summary>
/// Sends status events that a process recorded in an order shard's outbox but did not hand to ingestion (it died,
/// or Redis failed in between). Runs in worker processes, every few seconds, for entries older than <see cref="Grace"/>.
/// </summary>
public sealed partial class OrderOutboxRecovery(OrderStore orders, OrderStatusService statuses, TimeProvider time, ILogger<OrderOutboxRecovery> logger) : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(Grace).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    /// <summary>Sends every outbox event older than <paramref name="olderThan"/>; returns how many.</summary>
    public async Task<int> SweepAsync(TimeSpan olderThan)
    {
        var cutoff = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)olderThan.TotalMilliseconds;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order outbox sweep failed; will retry")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

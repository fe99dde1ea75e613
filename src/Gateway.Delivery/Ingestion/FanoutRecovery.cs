using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;

namespace Gateway.Delivery.Ingestion;

/// <summary>
/// Finishes the fan-out of events accepted by a process that died before queuing them everywhere: every shard's
/// pending set is swept for events older than <see cref="RecoverySweep.Grace"/>, and their fan-out runs again (it is idempotent).
/// </summary>
public sealed partial class FanoutRecovery(RedisStore store, DeliveryQueue queue, EventAcceptor acceptor, TimeProvider time, ILogger<FanoutRecovery> logger)
    : RecoverySweep(time, logger)
{
    /// <summary>Re-runs the fan-out of every event pending for longer than <paramref name="olderThan"/>; returns how many.</summary>
    public override async Task<int> SweepAsync(TimeSpan olderThan)
    {
        var db = store.Database;
        var cutoff = Time.GetUtcNow().ToUnixTimeMilliseconds() - (long)olderThan.TotalMilliseconds;
        var recovered = 0;
        for (var shard = 0; shard < RedisKeys.IngestShards; shard++)
        {
            var stale = await db.SortedSetRangeByScoreAsync(store.Keys.PendingFanout(shard), double.NegativeInfinity, cutoff, take: 500).ConfigureAwait(false);
            foreach (var member in stale)
            {
                var eventId = (string)member!;
                var stored = await queue.LoadEventAsync(shard, eventId).ConfigureAwait(false);
                if (stored is null)
                {
                    await db.SortedSetRemoveAsync(store.Keys.PendingFanout(shard), eventId).ConfigureAwait(false);
                    continue;
                }

                using (Tracing.GatewayTracing.StartFanout(eventId, stored.EventType, EventTarget.ParseList(stored.Targets).Count(), stored.TraceParent))
                {
                    await acceptor.FanOutAsync(shard, eventId, stored.EventType, stored.ReceivedMs, stored.Targets).ConfigureAwait(false);
                }

                LogRecovered(logger, eventId);
                recovered++;
            }
        }

        return recovered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished the interrupted fan-out of event {EventId}")]
    private static partial void LogRecovered(ILogger logger, string eventId);
}

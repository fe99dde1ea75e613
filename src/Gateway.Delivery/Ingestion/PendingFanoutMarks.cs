using System.Threading.Channels;
using Gateway.Delivery.Storage;
using StackExchange.Redis;

namespace Gateway.Delivery.Ingestion;

/// <summary>
/// Clears the "fan-out pending" marks of events whose fan-out finished, in batches (one ZREM per shard every few
/// milliseconds instead of one per event). A mark lost in a crash only makes <see cref="FanoutRecovery"/> re-run a
/// fan-out that is idempotent.
/// </summary>
public sealed partial class PendingFanoutMarks(RedisStore store, ILogger<PendingFanoutMarks> logger) : BackgroundService
{
    private readonly Channel<(int Shard, string EventId)> _done = Channel.CreateUnbounded<(int, string)>(new UnboundedChannelOptions { SingleReader = true });

    public void Clear(int shard, string eventId) => _done.Writer.TryWrite((shard, eventId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _done.Reader;
        var batch = new Dictionary<int, List<RedisValue>>();
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(5, stoppingToken).ConfigureAwait(false); // let a batch gather
                await FlushAsync(reader, batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(reader, batch).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(ChannelReader<(int Shard, string EventId)> reader, Dictionary<int, List<RedisValue>> batch)
    {
        while (reader.TryRead(out var item))
        {
            if (!batch.TryGetValue(item.Shard, out var members))
            {
                batch[item.Shard] = members = [];
            }

            members.Add(item.EventId);
        }

        foreach (var (shard, members) in batch)
        {
            if (members.Count == 0)
            {
                continue;
            }

            try
            {
                await store.Database.SortedSetRemoveAsync(store.Keys.PendingFanout(shard), [.. members]).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException || StoreErrors.IsTransient(ex))
            {
                LogClearFailed(logger, members.Count, ex);
            }

            members.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clear {Count} pending fan-out marks; recovery will re-run their (idempotent) fan-out")]
    private static partial void LogClearFailed(ILogger logger, int count, Exception exception);
}

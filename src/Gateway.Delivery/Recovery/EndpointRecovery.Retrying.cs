using System.Buffers;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using StackExchange.Redis;

namespace Gateway.Delivery.Recovery;

/// <summary>The failed messages of a recovery's window that wait for their retry.</summary>
public sealed partial class EndpointRecovery
{
    // Failed messages waiting for their retry: the scheduled set also holds delayed first sends (no attempt yet), which
    // are not failures and stay. A message whose body is gone cannot be delivered and is listed, never dropped.
    private async Task RecoverRetryingAsync(RecoveryJob job, Tally tally, CancellationToken cancellationToken)
    {
        var ids = new List<RedisValue>(Batch);
        await foreach (var entry in Db.SortedSetScanAsync(Keys.Scheduled(job.EndpointId), pageSize: Batch).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entry.Element);
            if (ids.Count == Batch)
            {
                await RequeueBatchAsync(job, ids, tally).ConfigureAwait(false);
                ids.Clear();
            }
        }

        if (ids.Count > 0)
        {
            await RequeueBatchAsync(job, ids, tally).ConfigureAwait(false);
        }
    }

    // One batch of the scheduled set: the failed messages of the window whose body is still there go back in one
    // script call in the endpoint's slot; the body checks (each in its event's slot) go pipelined.
    private async Task RequeueBatchAsync(RecoveryJob job, List<RedisValue> ids, Tally tally)
    {
        var endpointId = job.EndpointId;
        var metas = await Db.HashGetAsync(Keys.Messages(endpointId), [.. ids]).ConfigureAwait(false);
        var before = tally.Copy();
        var failed = new List<(string Id, string Record, QueuedMessage Message)>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!metas[i].IsNullOrEmpty && TryParse((string)metas[i]!, out var message) && message.Attempts > 0 && job.Window.Contains(message.IngestedMs))
            {
                failed.Add(((string)ids[i]!, (string)metas[i]!, message));
            }
        }

        tally.Found += failed.Count;
        var bodies = await Task.WhenAll(failed.Select(f => lifetime.HasBodyAsync(f.Message.Shard, f.Message.EventId))).ConfigureAwait(false);
        var items = new ArrayBufferWriter<byte>();
        for (var i = 0; i < failed.Count; i++)
        {
            if (!bodies[i])
            {
                tally.Lost(failed[i].Id);
                continue;
            }

            ScriptItems.Write(items, failed[i].Id);
            ScriptItems.Write(items, failed[i].Record);
            ScriptItems.Write(items, (failed[i].Message with { Attempts = 0, FirstAttemptMs = 0 }).Format());
        }

        if (items.WrittenCount > 0)
        {
            var queued = (long)await RecoveryScripts.RequeueFailed.EvaluateAsync(Db, new
            {
                messages = (RedisKey)Keys.Messages(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId), ready = (RedisKey)Keys.Ready(endpointId),
                items = items.WrittenSpan.ToArray(),
            }).ConfigureAwait(false);
            tally.Queued += queued;
            if (queued > 0)
            {
                await queue.ActivateAsync(endpointId, 0).ConfigureAwait(false);
                queue.Wake(endpointId);
            }
        }

        await SaveAsync(job, before, tally).ConfigureAwait(false);
    }

    private static bool TryParse(string record, out QueuedMessage message)
    {
        try
        {
            message = QueuedMessage.Parse(record);
            return true;
        }
        catch (FormatException)
        {
            message = null!;
            return false;
        }
    }
}

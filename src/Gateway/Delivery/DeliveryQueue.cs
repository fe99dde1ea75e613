using System.Globalization;
using Gateway.Hosting;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery;

/// <summary>Typed access to the per-endpoint queues in Redis (see <see cref="QueueScripts"/> for the moves).</summary>
public sealed class DeliveryQueue(RedisStore store, IOptions<DeliveryOptions> options)
{
    private RedisKeys Keys => store.Keys;

    private IDatabase Db => store.Database;

    /// <summary>Queues a message at an endpoint unless it is already there; wakes the workers when work appears.</summary>
    public async Task<bool> EnqueueAsync(string endpointId, string messageId, QueuedMessage message, long dueMs)
    {
        var result = (long)await QueueScripts.Enqueue.EvaluateAsync(
            Db,
            [Keys.Messages(endpointId), Keys.Ready(endpointId), Keys.Scheduled(endpointId), Keys.Completed(endpointId)],
            [messageId, message.Format(), dueMs]).ConfigureAwait(false);
        if (result is 0 or 1)
        {
            // The queue went from empty to not empty (or gained scheduled work): tell the workers.
            Wake(endpointId);
        }

        return result != -1;
    }

    public void Wake(string endpointId) =>
        store.Subscriber.Publish(Keys.WakeChannel, endpointId, CommandFlags.FireAndForget);

    public async Task<ClaimResult> ClaimAsync(string endpointId, int max, int cap, long nowMs)
    {
        var leaseMs = (long)options.Value.LeaseDuration.TotalMilliseconds;
        var raw = (RedisResult[])(await QueueScripts.Claim.EvaluateAsync(
            Db,
            [Keys.Ready(endpointId), Keys.Scheduled(endpointId), Keys.Leases(endpointId), Keys.Messages(endpointId)],
            [nowMs, max, leaseMs, cap]).ConfigureAwait(false))!;
        var messages = new List<LeasedMessage>((raw.Length - 2) / 2);
        for (var i = 2; i + 1 < raw.Length; i += 2)
        {
            messages.Add(new LeasedMessage((string)raw[i]!, QueuedMessage.Parse((string)raw[i + 1]!), nowMs + leaseMs));
        }

        return new ClaimResult(messages, (long)raw[0], (long)raw[1]);
    }

    public async Task<StoredEvent?> LoadEventAsync(int shard, string eventId)
    {
        var values = await Db.HashGetAsync(Keys.Event(shard, eventId), ["b", "t", "y", "r", "g"]).ConfigureAwait(false);
        return values[0].IsNull
            ? null
            : new StoredEvent(eventId, (string)values[1]!, (string)values[2]!, (string)values[0]!, (long)values[3], (string?)values[4] ?? "");
    }

    /// <summary>Settles a leased message; returns whether the lease was still ours, since when the endpoint has been
    /// failing, and, when <paramref name="claimNextCap"/> is positive, the next message leased in the same round trip.</summary>
    public async Task<SettleResult> SettleAsync(
        string endpointId, string mode, LeasedMessage leased, long nowMs, string attemptJson,
        QueuedMessage? newMeta = null, long dueMs = 0, string deadRecord = "", int claimNextCap = 0)
    {
        var delivery = options.Value;
        var leaseMs = (long)delivery.LeaseDuration.TotalMilliseconds;
        var raw = (RedisResult[])(await QueueScripts.Settle.EvaluateAsync(
            Db,
            [
                Keys.Leases(endpointId), Keys.Messages(endpointId), Keys.Scheduled(endpointId), Keys.DeadLetters(endpointId),
                Keys.DeadLetterRecords(endpointId), Keys.Stats(endpointId), Keys.Attempts(endpointId), Keys.Health(endpointId),
                Keys.Activity(endpointId), Keys.Ready(endpointId), Keys.Completed(endpointId),
            ],
            [
                mode, leased.MessageId, leased.LeaseToken, nowMs, attemptJson, delivery.AttemptLogSize,
                (long)delivery.LogRetention.TotalMilliseconds, ActivityBucket(nowMs),
                newMeta?.Format() ?? "", dueMs, deadRecord, delivery.DeadLetterLimit, claimNextCap > 0 ? "1" : "0", leaseMs, claimNextCap,
                (long)delivery.CompletionMarkerWindow.TotalMilliseconds,
            ]).ConfigureAwait(false))!;
        var next = raw.Length >= 4
            ? new LeasedMessage((string)raw[2]!, QueuedMessage.Parse((string)raw[3]!), nowMs + leaseMs)
            : null;
        return new SettleResult((long)raw[0] == 1, (long)raw[1], next);
    }

    public async Task<bool> ReplayAsync(string endpointId, string messageId, QueuedMessage meta)
    {
        var replayed = (long)await QueueScripts.Replay.EvaluateAsync(
            Db,
            [Keys.DeadLetters(endpointId), Keys.DeadLetterRecords(endpointId), Keys.Messages(endpointId), Keys.Ready(endpointId)],
            [messageId, meta.Format()]).ConfigureAwait(false) == 1;
        if (replayed)
        {
            Wake(endpointId);
        }

        return replayed;
    }

    /// <summary>Counts for one endpoint: what waits now, and the all-time counters.</summary>
    public async Task<EndpointCounts> CountsAsync(string endpointId)
    {
        var batch = Db.CreateBatch();
        var ready = batch.ListLengthAsync(Keys.Ready(endpointId));
        var scheduled = batch.SortedSetLengthAsync(Keys.Scheduled(endpointId));
        var leased = batch.SortedSetLengthAsync(Keys.Leases(endpointId));
        var dead = batch.SortedSetLengthAsync(Keys.DeadLetters(endpointId));
        var stats = batch.HashGetAllAsync(Keys.Stats(endpointId));
        batch.Execute();
        await Task.WhenAll(ready, scheduled, leased, dead, stats).ConfigureAwait(false);
        var counters = stats.Result.ToDictionary(e => (string)e.Name!, e => (long)e.Value);
        return new EndpointCounts(
            ready.Result, scheduled.Result, leased.Result, dead.Result,
            counters.GetValueOrDefault("sent"), counters.GetValueOrDefault("failed"), counters.GetValueOrDefault("dead"), counters.GetValueOrDefault("filtered"));
    }

    /// <summary>Counts an event the endpoint's rules rejected, and logs it with the rule (see <see cref="QueueScripts.Filtered"/>).</summary>
    public Task RecordFilteredAsync(string endpointId, long nowMs, string logEntry)
    {
        var delivery = options.Value;
        return QueueScripts.Filtered.EvaluateAsync(
            Db,
            [Keys.Stats(endpointId), Keys.Activity(endpointId), Keys.Filtered(endpointId)],
            [nowMs, ActivityBucket(nowMs), logEntry, delivery.AttemptLogSize, (long)delivery.LogRetention.TotalMilliseconds]);
    }

    /// <summary>The activity hash's hour bucket of a time: whole hours since the Unix epoch.</summary>
    public static string ActivityBucket(long unixMs) => (unixMs / 3_600_000).ToString(CultureInfo.InvariantCulture);
}

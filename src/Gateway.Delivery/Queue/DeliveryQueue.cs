using System.Globalization;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Ordering;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Queue;

/// <summary>Typed access to the per-endpoint queues in Redis (see <see cref="QueueScripts"/> for the moves).</summary>
public sealed partial class DeliveryQueue(RedisStore store, IOptions<DeliveryOptions> options)
{
    private readonly RecentMarks _recentlyMarked = new(TimeSpan.FromSeconds(1));

    private RedisKeys Keys => store.Keys;

    private IDatabase Db => store.Database;

    /// <summary>Queues a message at an endpoint unless it is already there; wakes the workers when work appears. A message
    /// of an ordered group waits behind its group's head when the group has one.</summary>
    public async Task<bool> EnqueueAsync(string endpointId, string messageId, QueuedMessage message, long dueMs)
    {
        var result = (long)await QueueScripts.Enqueue.EvaluateAsync(Db, new
        {
            messages = (RedisKey)Keys.Messages(endpointId), ready = (RedisKey)Keys.Ready(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId),
            completed = (RedisKey)Keys.Completed(endpointId),
            heads = (RedisKey)Keys.GroupHeads(endpointId), blocked = (RedisKey)Keys.BlockedGroups(endpointId), paused = (RedisKey)Keys.PausedGroups(endpointId),
            waiting = (RedisKey)Keys.GroupWaiting(endpointId), skippedHash = (RedisKey)Keys.GroupSkipped(endpointId), skippedAt = (RedisKey)Keys.GroupSkippedAt(endpointId),
            groupPrefix = Keys.GroupPrefix(endpointId), group = message.Group, now = message.IngestedMs,
            delayMs = dueMs > 0 ? dueMs - message.IngestedMs : 0,
            messageId, meta = message.Format(), dueMs,
        }).ConfigureAwait(false);
        // Marked whenever this call may be the first to see the queue non-empty: a new ready list (1), scheduled work (0),
        // already queued (-1: a recovery re-running a fan-out cut short before this step) or waiting behind its group
        // (-2). A longer ready list was marked by the enqueue that started it; the busy path skips the second round trip
        // only while this process marked the endpoint less than a second ago, so a mark lost some other way (a failover)
        // is put back within a second by the traffic itself.
        var forcedMark = NeedsMark(endpointId);
        if (result < 2 || forcedMark)
        {
            await ActivateAsync(endpointId, dueMs).ConfigureAwait(false);
        }

        Queued(endpointId, result, forcedMark);
        return result != -1;
    }

    /// <summary>Whether a queue script must mark <paramref name="endpointId"/> in the index of active endpoints even when
    /// its queue was not empty: this process has not marked it lately (see <see cref="EnqueueAsync"/>).</summary>
    internal bool NeedsMark(string endpointId) => !_recentlyMarked.IsFresh(endpointId);

    /// <summary>After a script queued a message at <paramref name="endpointId"/> (enqueue code <paramref name="result"/>)
    /// and marked the index as <see cref="EnqueueAsync"/> would: remembers the mark and wakes the workers.</summary>
    internal void Queued(string endpointId, long result, bool forcedMark)
    {
        if (result < 2 || forcedMark)
        {
            _recentlyMarked.Touch(endpointId);
        }

        if (result is 0 or 1)
        {
            // The queue went from empty to not empty (or gained scheduled work): tell the workers.
            Wake(endpointId);
        }
    }

    /// <summary>Marks the endpoint as having work due by <paramref name="dueMs"/> (0: now) in the index of active endpoints.</summary>
    public Task ActivateAsync(string endpointId, long dueMs) =>
        QueueScripts.Activate.EvaluateAsync(Db, new
        {
            index = (RedisKey)Keys.ActiveIndex(RedisKeys.ActiveShardOf(endpointId)), endpointId, dueMs = Math.Max(0, dueMs),
        });

    /// <summary>
    /// Takes an endpoint whose pump found nothing to do out of the index of active endpoints, then looks at its queue
    /// again and puts it back, due when its next work is (its earliest scheduled message or lease): work queued
    /// meanwhile is never left unseen, since a producer marks the index only after queuing. Returns that due time,
    /// 0 when work is ready now, or -1 when the endpoint is idle.
    /// </summary>
    public async Task<long> DeactivateAsync(string endpointId)
    {
        var index = Keys.ActiveIndex(RedisKeys.ActiveShardOf(endpointId));
        await Db.SortedSetRemoveAsync(index, endpointId).ConfigureAwait(false);
        var batch = Db.CreateBatch();
        var ready = batch.ListLengthAsync(Keys.Ready(endpointId));
        var scheduled = batch.SortedSetRangeByRankWithScoresAsync(Keys.Scheduled(endpointId), 0, 0);
        var leased = batch.SortedSetRangeByRankWithScoresAsync(Keys.Leases(endpointId), 0, 0);
        batch.Execute();
        await Task.WhenAll(ready, scheduled, leased).ConfigureAwait(false);
        var due = ready.Result > 0 ? 0L : -1L;
        foreach (var first in scheduled.Result.Concat(leased.Result))
        {
            var at = (long)first.Score;
            due = due < 0 || at < due ? at : due;
        }

        if (due >= 0)
        {
            await ActivateAsync(endpointId, due).ConfigureAwait(false);
        }

        return due;
    }

    /// <summary>Endpoints of one index shard that are due by <paramref name="nowMs"/>.</summary>
    public async Task<IReadOnlyList<string>> DueEndpointsAsync(int shard, long nowMs, int take) =>
        [.. (await Db.SortedSetRangeByScoreAsync(Keys.ActiveIndex(shard), double.NegativeInfinity, nowMs, take: take).ConfigureAwait(false)).Select(v => (string)v!)];

    /// <summary>Drops an endpoint that no longer exists from the index of active endpoints.</summary>
    public Task ForgetAsync(string endpointId) =>
        Db.SortedSetRemoveAsync(Keys.ActiveIndex(RedisKeys.ActiveShardOf(endpointId)), endpointId);

    public void Wake(string endpointId) =>
        store.Subscriber.Publish(Keys.WakeChannel, endpointId, CommandFlags.FireAndForget);

    /// <summary>Leases up to <paramref name="max"/> ready messages while the endpoint has fewer than <paramref name="cap"/> in
    /// flight and, when <paramref name="rateLimit"/> is positive, its rate limit has tokens (attempts a second, across workers).</summary>
    public async Task<ClaimResult> ClaimAsync(string endpointId, int max, int cap, long nowMs, int rateLimit = 0)
    {
        var leaseMs = (long)options.Value.LeaseDuration.TotalMilliseconds;
        var raw = (RedisResult[])(await QueueScripts.Claim.EvaluateAsync(Db, new
        {
            ready = (RedisKey)Keys.Ready(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId),
            leases = (RedisKey)Keys.Leases(endpointId), messages = (RedisKey)Keys.Messages(endpointId),
            throttle = (RedisKey)Keys.Throttle(endpointId), rate = rateLimit,
            now = nowMs, max, leaseMs, cap,
        }).ConfigureAwait(false))!;
        var messages = new List<LeasedMessage>((raw.Length - 3) / 2);
        List<MalformedMessage>? malformed = null;
        for (var i = 3; i + 1 < raw.Length; i += 2)
        {
            var (id, record) = ((string)raw[i]!, (string)raw[i + 1]!);
            try
            {
                messages.Add(new LeasedMessage(id, QueuedMessage.Parse(record), nowMs + leaseMs));
            }
            catch (FormatException ex)
            {
                (malformed ??= []).Add(new MalformedMessage(id, record, nowMs + leaseMs, ex.Message));
            }
        }

        return new ClaimResult(messages, (long)raw[0], (long)raw[1], malformed ?? []) { ThrottledMs = (long)raw[2] };
    }

    public async Task<StoredEvent?> LoadEventAsync(int shard, string eventId)
    {
        var values = await Db.HashGetAsync(Keys.Event(shard, eventId), ["b", "t", "y", "r", "g", "c"]).ConfigureAwait(false);
        return values[0].IsNull
            ? null
            : new StoredEvent(eventId, (string)values[1]!, (string)values[2]!, (string)values[0]!, (long)values[3], (string?)values[4] ?? "", (string?)values[5]);
    }

    /// <summary>Settles a leased message of <paramref name="endpoint"/>; returns whether the lease was still ours, since when
    /// the endpoint has been failing, and, when <paramref name="claimNextCap"/> is positive, the next message leased in the
    /// same round trip. Settling the head of an ordered group lets the group's next message in (see docs/ordering.md).
    /// An attempt logged with <paramref name="indexed"/> is also indexed under its order (<see cref="OrderIndex"/>).</summary>
    public async Task<SettleResult> SettleAsync(
        WebhookEndpoint endpoint, SettleMode mode, LeasedMessage leased, long nowMs, string attemptJson,
        QueuedMessage? newMeta = null, long dueMs = 0, string deadRecord = "", int claimNextCap = 0, OrderIndexEntry? indexed = null)
    {
        var delivery = options.Value;
        var endpointId = endpoint.Id;
        var leaseMs = (long)delivery.LeaseDuration.TotalMilliseconds;
        var message = leased.Message;
        var raw = (RedisResult[])(await QueueScripts.Settle.EvaluateAsync(Db, new
        {
            leases = (RedisKey)Keys.Leases(endpointId), messages = (RedisKey)Keys.Messages(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId),
            dead = (RedisKey)Keys.DeadLetters(endpointId), deadRecords = (RedisKey)Keys.DeadLetterRecords(endpointId), stats = (RedisKey)Keys.Stats(endpointId),
            attempts = (RedisKey)Keys.Attempts(endpointId), health = (RedisKey)Keys.Health(endpointId), activity = (RedisKey)Keys.Activity(endpointId),
            ready = (RedisKey)Keys.Ready(endpointId), completed = (RedisKey)Keys.Completed(endpointId),
            markerWindowMs = (long)delivery.CompletionMarkerWindow.TotalMilliseconds,
            heads = (RedisKey)Keys.GroupHeads(endpointId), blocked = (RedisKey)Keys.BlockedGroups(endpointId), paused = (RedisKey)Keys.PausedGroups(endpointId),
            waiting = (RedisKey)Keys.GroupWaiting(endpointId), skippedHash = (RedisKey)Keys.GroupSkipped(endpointId), skippedAt = (RedisKey)Keys.GroupSkippedAt(endpointId),
            groupPrefix = Keys.GroupPrefix(endpointId), group = message.Group,
            onExhausted = endpoint.Ordering?.OnExhausted == ExhaustedAction.Pause ? "pause" : "skip",
            skippedIds = mode == SettleMode.DeadLetter && message.IsOrdered ? message.SkippedWith(leased.MessageId) : "",
            delayMs = endpoint.DelaySeconds * 1000L,
            mode = ModeName(mode), messageId = leased.MessageId, leaseToken = leased.LeaseToken, now = nowMs, attemptEntry = attemptJson,
            logMax = delivery.AttemptLogSize, retentionMs = (long)delivery.LogRetention.TotalMilliseconds, activityBucket = ActivityBucket(nowMs),
            meta = newMeta?.Format() ?? "", dueMs, deadRecord, deadMax = delivery.DeadLetterLimit,
            claimNext = claimNextCap > 0 ? "1" : "0", leaseMs, cap = claimNextCap,
            throttle = (RedisKey)Keys.Throttle(endpointId), rate = endpoint.RateLimit ?? 0,
            orderIndex = (RedisKey)Keys.OrderIndex(endpointId, indexed?.Key ?? ""), indexMember = attemptJson.Length > 0 ? indexed?.Member ?? "" : "",
        }).ConfigureAwait(false))!;
        var next = raw.Length >= 4
            ? new LeasedMessage((string)raw[2]!, QueuedMessage.Parse((string)raw[3]!), nowMs + leaseMs)
            : null;
        return new SettleResult((long)raw[0] == 1, (long)raw[1], next);
    }

    /// <summary>Queues dead letter <paramref name="messageId"/> again with <paramref name="meta"/>; an ordered one goes to its
    /// group's tail, and resumes the group when its dead-lettering had paused it.</summary>
    public async Task<bool> ReplayAsync(string endpointId, string messageId, QueuedMessage meta, long nowMs)
    {
        var replayed = (long)await QueueScripts.Replay.EvaluateAsync(Db, new
        {
            dead = (RedisKey)Keys.DeadLetters(endpointId), deadRecords = (RedisKey)Keys.DeadLetterRecords(endpointId),
            messages = (RedisKey)Keys.Messages(endpointId), ready = (RedisKey)Keys.Ready(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId),
            heads = (RedisKey)Keys.GroupHeads(endpointId), blocked = (RedisKey)Keys.BlockedGroups(endpointId), paused = (RedisKey)Keys.PausedGroups(endpointId),
            waiting = (RedisKey)Keys.GroupWaiting(endpointId), skippedHash = (RedisKey)Keys.GroupSkipped(endpointId), skippedAt = (RedisKey)Keys.GroupSkippedAt(endpointId),
            groupPrefix = Keys.GroupPrefix(endpointId), group = meta.Group, now = nowMs,
            retentionMs = (long)options.Value.LogRetention.TotalMilliseconds,
            messageId, meta = meta.Format(),
        }).ConfigureAwait(false) == 1;
        if (replayed)
        {
            await ActivateAsync(endpointId, 0).ConfigureAwait(false);
            Wake(endpointId);
        }

        return replayed;
    }

    /// <summary>Deletes dead letter <paramref name="messageId"/>; when it paused its ordered group, the group goes on.</summary>
    public async Task<bool> DropDeadLetterAsync(WebhookEndpoint endpoint, string messageId, long nowMs)
    {
        var endpointId = endpoint.Id;
        var removed = (long)await QueueScripts.DropDead.EvaluateAsync(Db, new
        {
            dead = (RedisKey)Keys.DeadLetters(endpointId), deadRecords = (RedisKey)Keys.DeadLetterRecords(endpointId),
            messages = (RedisKey)Keys.Messages(endpointId), ready = (RedisKey)Keys.Ready(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId),
            heads = (RedisKey)Keys.GroupHeads(endpointId), blocked = (RedisKey)Keys.BlockedGroups(endpointId), paused = (RedisKey)Keys.PausedGroups(endpointId),
            waiting = (RedisKey)Keys.GroupWaiting(endpointId), skippedHash = (RedisKey)Keys.GroupSkipped(endpointId), skippedAt = (RedisKey)Keys.GroupSkippedAt(endpointId),
            groupPrefix = Keys.GroupPrefix(endpointId), now = nowMs, delayMs = endpoint.DelaySeconds * 1000L,
            retentionMs = (long)options.Value.LogRetention.TotalMilliseconds, messageId,
        }).ConfigureAwait(false) == 1;
        Wake(endpointId);
        return removed;
    }

    /// <summary>Counts for one endpoint: what waits now (in the queue and behind ordered groups' heads), and the all-time counters.</summary>
    public async Task<EndpointCounts> CountsAsync(string endpointId)
    {
        var batch = Db.CreateBatch();
        var ready = batch.ListLengthAsync(Keys.Ready(endpointId));
        var scheduled = batch.SortedSetLengthAsync(Keys.Scheduled(endpointId));
        var leased = batch.SortedSetLengthAsync(Keys.Leases(endpointId));
        var dead = batch.SortedSetLengthAsync(Keys.DeadLetters(endpointId));
        var waiting = batch.StringGetAsync(Keys.GroupWaiting(endpointId));
        var stats = batch.HashGetAllAsync(Keys.Stats(endpointId));
        batch.Execute();
        await Task.WhenAll(ready, scheduled, leased, dead, waiting, stats).ConfigureAwait(false);
        var counters = stats.Result.ToDictionary(e => (string)e.Name!, e => (long)e.Value);
        return new EndpointCounts(
            ready.Result, scheduled.Result, leased.Result, dead.Result,
            counters.GetValueOrDefault("sent"), counters.GetValueOrDefault("failed"), counters.GetValueOrDefault("dead"), counters.GetValueOrDefault("filtered"))
        {
            Waiting = waiting.Result.IsNull ? 0 : Math.Max(0, (long)waiting.Result),
        };
    }

    /// <summary>
    /// How long the endpoint's next message has waited to be sent: since ingestion for a never-attempted message at
    /// the tail of the ready list (the next one claimed), since its due time for a scheduled message already due.
    /// Zero when nothing waits. A retry promoted back to the ready list is judged by neither, so it counts as zero.
    /// </summary>
    public async Task<TimeSpan> OldestReadyAgeAsync(string endpointId, long nowMs)
    {
        var batch = Db.CreateBatch();
        var next = batch.ListGetByIndexAsync(Keys.Ready(endpointId), -1);
        var due = batch.SortedSetRangeByScoreWithScoresAsync(Keys.Scheduled(endpointId), double.NegativeInfinity, nowMs, take: 1);
        batch.Execute();
        await Task.WhenAll(next, due).ConfigureAwait(false);
        var since = due.Result.Length > 0 ? (long)due.Result[0].Score : nowMs;
        if (!next.Result.IsNull && await Db.HashGetAsync(Keys.Messages(endpointId), next.Result).ConfigureAwait(false) is { IsNull: false } meta)
        {
            var message = QueuedMessage.Parse(meta!);
            if (message.Attempts == 0)
            {
                since = Math.Min(since, message.IngestedMs);
            }
        }

        return TimeSpan.FromMilliseconds(Math.Max(0, nowMs - since));
    }

    /// <summary>Counts an event the endpoint's rules rejected, and logs it with the rule (see <see cref="QueueScripts.Filtered"/>).</summary>
    public Task RecordFilteredAsync(string endpointId, long nowMs, string logEntry)
    {
        var delivery = options.Value;
        return QueueScripts.Filtered.EvaluateAsync(Db, new
        {
            stats = (RedisKey)Keys.Stats(endpointId), activity = (RedisKey)Keys.Activity(endpointId), filteredLog = (RedisKey)Keys.Filtered(endpointId),
            now = nowMs, activityBucket = ActivityBucket(nowMs), entry = logEntry,
            logMax = delivery.AttemptLogSize, retentionMs = (long)delivery.LogRetention.TotalMilliseconds,
        });
    }

    /// <summary>Deletes every key of an endpoint's queue, logs and counters (one hash tag, so cluster-safe).</summary>
    public async Task DeleteAsync(string endpointId)
    {
        // Each ordered group's list is named by its key value: the heads hash names every group that has one.
        var groups = await Db.HashKeysAsync(Keys.GroupHeads(endpointId)).ConfigureAwait(false);
        foreach (var chunk in groups.Chunk(500))
        {
            await Db.KeyDeleteAsync([.. chunk.Select(g => (RedisKey)(Keys.GroupPrefix(endpointId) + g))]).ConfigureAwait(false);
        }

        await Db.KeyDeleteAsync(
        [
            Keys.Ready(endpointId), Keys.Scheduled(endpointId), Keys.Leases(endpointId), Keys.Messages(endpointId),
            Keys.DeadLetters(endpointId), Keys.DeadLetterRecords(endpointId), Keys.Attempts(endpointId),
            Keys.Stats(endpointId), Keys.Activity(endpointId), Keys.Health(endpointId), Keys.Filtered(endpointId),
            Keys.GroupHeads(endpointId), Keys.BlockedGroups(endpointId), Keys.PausedGroups(endpointId), Keys.GroupWaiting(endpointId),
            Keys.GroupSkipped(endpointId), Keys.GroupSkippedAt(endpointId), Keys.Completed(endpointId), Keys.Throttle(endpointId),
        ]).ConfigureAwait(false);
    }

    private static string ModeName(SettleMode mode) => mode switch
    {
        SettleMode.Ack => "ack",
        SettleMode.Retry => "retry",
        SettleMode.DeadLetter => "dead",
        SettleMode.Release => "release",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The activity hash's hour bucket of a time: whole hours since the Unix epoch.</summary>
    public static string ActivityBucket(long unixMs) => (unixMs / 3_600_000).ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Delivery.Tracing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Ingestion;

/// <summary>
/// Accepts an event durably in one atomic step (body, pending fan-out, idempotency record in one ingestion shard),
/// then queues it once at every target endpoint and clears the pending mark. A crash between those steps leaves
/// the event in its shard's pending set, and <see cref="FanoutRecovery"/> finishes the fan-out.
/// </summary>
public sealed partial class EventAcceptor(
    RedisStore store,
    DeliveryQueue queue,
    EventBodyCache bodies,
    PendingFanoutMarks pendingMarks,
    TimeProvider time,
    IOptions<EngineOptions> options,
    IOptions<DeliveryOptions> delivery,
    IOptions<RedisOptions> redis,
    ILogger<EventAcceptor> logger)
{
    private readonly bool _singleCallAccept = redis.Value.SingleCallAccept;
    private readonly int _waitForReplicas = redis.Value.WaitForReplicas;
    private readonly TimeSpan _waitTimeout = redis.Value.WaitForReplicasTimeout;
    private readonly TimeSpan _deadline = redis.Value.WaitForReplicas > 0
        ? TimeSpan.FromTicks(Math.Max(redis.Value.AcceptTimeout.Ticks, (redis.Value.WaitForReplicasTimeout + TimeSpan.FromMilliseconds(250)).Ticks))
        : redis.Value.AcceptTimeout;

    private readonly long _bodyRetentionMs = BaseRetentionMs(options.Value, delivery.Value);

    /// <summary>
    /// Accepts <paramref name="submission"/>; answers only once it is queued at every target, or throws
    /// <see cref="TimeoutException"/> (a 503 for the client) when the store has not answered within
    /// <see cref="RedisOptions.AcceptTimeout"/>.
    /// </summary>
    public async Task<AcceptOutcome> AcceptAsync(EventSubmission submission)
    {
        var accept = AcceptWithinStoreAsync(submission);
        try
        {
            // Real time, as the Redis client's own timeouts are: this bounds waiting on a socket, not a schedule.
            return await accept.WaitAsync(_deadline, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The accept goes on: what it writes is kept (recovery finishes a fan-out it leaves pending), and a retry
            // with the same Idempotency-Key finds it. Its failure, if it fails, is only logged.
            _ = accept.ContinueWith(static (t, state) => LogLateAcceptFailed((ILogger)state!, t.Exception!.GetBaseException()),
                logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            LogAcceptDeadline(logger, submission.TenantId, _deadline.TotalMilliseconds);
            throw;
        }
    }

    private async Task<AcceptOutcome> AcceptWithinStoreAsync(EventSubmission submission)
    {
        var (tenantId, eventType, body, idempotencyKey, bodyHash, targets, groups) = submission;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var keys = store.Keys;
        var shard = idempotencyKey is null ? FreeShard() : ShardOf(tenantId, idempotencyKey);
        if (!store.Reaches(keys.PendingFanout(shard)))
        {
            // Its master is down (a failover under way): at once, rather than at the deadline.
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "The store's shard for this event is unreachable now.", null, CommandStatus.WaitingToBeSent);
        }

        var eventId = Ids.NewEvent(shard);
        var targetList = EventTarget.FormatList(targets.Select(e => new EventTarget(e.Id, e.DelaySeconds, groups?.GetValueOrDefault(e.Id))));
        var endpointIds = targets.Select(e => e.Id).ToArray();
        var record = idempotencyKey is null ? "" : JsonSerializer.Serialize(new IdempotencyRecord(eventId, eventType, endpointIds, bodyHash), GatewayJson.Options);

        var singleCall = _singleCallAccept && store.IsSingleServer;
        using var accept = GatewayTracing.StartAccept(tenantId, eventType, eventId, targets.Count, singleCall);
        var traceParent = GatewayTracing.TraceParentOf(accept);
        if (singleCall)
        {
            return await AcceptAndQueueAsync(submission, shard, eventId, nowMs, targetList, endpointIds, record, traceParent).ConfigureAwait(false);
        }

        var prior = await QueueScripts.Accept.EvaluateAsync(store.Database, new
        {
            @event = (RedisKey)keys.Event(shard, eventId), pending = (RedisKey)keys.PendingFanout(shard),
            idempotency = (RedisKey)keys.Idempotency(shard, tenantId, idempotencyKey ?? ""), useIdempotency = idempotencyKey is null ? "0" : "1",
            body = (RedisValue)body, tenant = tenantId, eventType, receivedMs = nowMs, retentionMs = BodyRetentionMs(targets), targets = targetList,
            idempotencyMs = (long)options.Value.IdempotencyWindow.TotalMilliseconds, record, eventId,
            payloadRetentionMs = (long)options.Value.PayloadRetention.TotalMilliseconds, traceParent,
        }).ConfigureAwait(false);
        accept?.Dispose(); // the fan-out is its own span, after the accept

        if (!prior.IsNull)
        {
            return await EarlierAcceptAsync(shard, (string)prior!, bodyHash).ConfigureAwait(false);
        }

        if (targets.Count > 0 && options.Value.RunsWorkers)
        {
            bodies.Add(eventId, body.Span, traceParent);
        }

        try
        {
            using var fanout = GatewayTracing.StartFanout(eventId, eventType, targets.Count, traceParent);
            await FanOutAsync(shard, eventId, eventType, nowMs, targetList).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisErrors.IsOutOfMemory(ex))
        {
            // Redis filled up between the accept and a queue: the event is stored with its pending mark, so it is
            // accepted, and FanoutRecovery queues it everywhere once memory frees. Answering 503 now would have the
            // client send it again while this copy is still delivered.
            LogFanoutDeferred(logger, eventId);
        }

        return new AcceptOutcome(eventId, eventType, endpointIds, AcceptStatus.Accepted);
    }

    /// <summary>
    /// Where one server holds every key: stores the event and queues it at every target in one atomic call, so there is
    /// no pending fan-out to recover, and the answer waits for one round trip (plus <c>WAIT</c> in durable mode).
    /// </summary>
    private async Task<AcceptOutcome> AcceptAndQueueAsync(EventSubmission submission, int shard, string eventId, long nowMs, string targetList, string[] endpointIds, string record, string traceParent)
    {
        var (tenantId, eventType, body, idempotencyKey, bodyHash, targets, _) = submission;
        var keys = store.Keys;
        var marks = string.Create(endpointIds.Length, (queue, endpointIds), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.queue.NeedsMark(state.endpointIds[i]) ? '1' : '0';
            }
        });
        if (targets.Count > 0 && options.Value.RunsWorkers)
        {
            // Before the call, so that a worker of this process that leases a message at once finds the body here.
            bodies.Add(eventId, body.Span, traceParent);
        }

        var raw = (RedisResult[])(await QueueScripts.AcceptQueue.EvaluateAsync(store.Database, new
        {
            @event = (RedisKey)keys.Event(shard, eventId),
            idempotency = (RedisKey)keys.Idempotency(shard, tenantId, idempotencyKey ?? ""), useIdempotency = idempotencyKey is null ? "0" : "1",
            body = (RedisValue)body, tenant = tenantId, eventType, receivedMs = nowMs, retentionMs = BodyRetentionMs(targets), targets = targetList,
            messageIds = string.Join(',', endpointIds.Select(id => Ids.Message(eventId, id))),
            indexShards = string.Join(',', endpointIds.Select(id => RedisKeys.ActiveShardOf(id).ToString(CultureInfo.InvariantCulture))),
            marks, prefix = keys.Prefix, meta = new QueuedMessage(shard, eventId, eventType, nowMs, Attempts: 0, FirstAttemptMs: 0).Format(),
            idempotencyMs = (long)options.Value.IdempotencyWindow.TotalMilliseconds, record,
            payloadRetentionMs = (long)options.Value.PayloadRetention.TotalMilliseconds, traceParent,
        }).ConfigureAwait(false))!;
        if ((long)raw[0] == 1)
        {
            return await EarlierAcceptAsync(shard, (string)raw[1]!, bodyHash).ConfigureAwait(false);
        }

        for (var i = 0; i < endpointIds.Length; i++)
        {
            queue.Queued(endpointIds[i], (long)raw[i + 1], marks[i] == '1');
        }

        await ConfirmReplicatedAsync([keys.Event(shard, eventId)]).ConfigureAwait(false);
        return new AcceptOutcome(eventId, eventType, endpointIds, AcceptStatus.Accepted);
    }

    /// <summary>The answer to an <c>Idempotency-Key</c> seen before, from the earlier accept's record.</summary>
    private async Task<AcceptOutcome> EarlierAcceptAsync(int shard, string prior, string bodyHash)
    {
        var earlier = JsonSerializer.Deserialize<IdempotencyRecord>(prior, GatewayJson.Options)!;
        await FinishEarlierAcceptAsync(shard, earlier.Id).ConfigureAwait(false);
        return new AcceptOutcome(earlier.Id, earlier.EventType, earlier.Endpoints,
            earlier.BodyHash == bodyHash ? AcceptStatus.Replayed : AcceptStatus.KeyReusedWithAnotherBody);
    }

    /// <summary>Counts an event the rules of <paramref name="endpointId"/> rejected, and logs it with the rule.</summary>
    public Task RecordFilteredAsync(string endpointId, long nowMs, string logEntry) => queue.RecordFilteredAsync(endpointId, nowMs, logEntry);

    /// <summary>
    /// Queues the event at each target (idempotently per event × endpoint), then clears its pending mark. With
    /// <c>Redis:WaitForReplicas</c> the mark is cleared only once every master written to has the writes on enough
    /// replicas; otherwise it stays, so that <see cref="FanoutRecovery"/> runs the fan-out again.
    /// </summary>
    internal async Task FanOutAsync(int shard, string eventId, string eventType, long receivedMs, string targetList)
    {
        var written = new List<RedisKey> { store.Keys.Event(shard, eventId) };
        if (targetList.Length > 0)
        {
            var message = new QueuedMessage(shard, eventId, eventType, receivedMs, Attempts: 0, FirstAttemptMs: 0);
            var enqueues = new List<Task>();
            foreach (var (endpointId, delaySeconds, group) in EventTarget.ParseList(targetList))
            {
                var due = delaySeconds > 0 ? receivedMs + (delaySeconds * 1000L) : 0;
                var queued = group is null ? message : message with { Group = group };
                enqueues.Add(queue.EnqueueAsync(endpointId, Ids.Message(eventId, endpointId), queued, due));
                written.Add(store.Keys.Ready(endpointId));
            }

            await Task.WhenAll(enqueues).ConfigureAwait(false);
        }

        await ConfirmReplicatedAsync(written).ConfigureAwait(false);
        pendingMarks.Clear(shard, eventId);
    }

    /// <summary>
    /// A client retries (same <c>Idempotency-Key</c>) after a 503 that may have come after its event was stored: when
    /// that event's fan-out is still pending, it is finished now rather than by the recovery sweep seconds later, and
    /// with <c>Redis:WaitForReplicas</c> the retry is answered only once the earlier writes are on enough replicas.
    /// </summary>
    private async Task FinishEarlierAcceptAsync(int shard, string eventId)
    {
        if (await store.Database.SortedSetScoreAsync(store.Keys.PendingFanout(shard), eventId).ConfigureAwait(false) is not null
            && await queue.LoadEventAsync(shard, eventId).ConfigureAwait(false) is { } stored)
        {
            await FanOutAsync(shard, eventId, stored.EventType, stored.ReceivedMs, stored.Targets).ConfigureAwait(false);
            return;
        }

        await ConfirmReplicatedAsync([store.Keys.Event(shard, eventId)]).ConfigureAwait(false);
    }

    /// <summary>
    /// When <c>Redis:WaitForReplicas</c> is set, returns once the master of each key's slot has the writes on that
    /// many replicas (<see cref="ReplicaWaits"/>: <c>WAIT</c> on dedicated connections, never the shared one, and an
    /// immediate refusal for a master known to be short of replicas).
    /// </summary>
    private Task ConfirmReplicatedAsync(IReadOnlyCollection<RedisKey> keys) =>
        _waitForReplicas <= 0 ? Task.CompletedTask : store.Replicas.ConfirmAsync(keys, _waitForReplicas, _waitTimeout);

    /// <summary>
    /// How long the body must be kept: the retention, at least as long as every retry could take (an operator may
    /// lengthen the schedule), counted from the latest first attempt (a delayed send starts late).
    /// </summary>
    private long BodyRetentionMs(IReadOnlyList<WebhookEndpoint> targets) =>
        _bodyRetentionMs + (targets.Count == 0 ? 0 : targets.Max(t => t.DelaySeconds) * 1000L);

    private static long BaseRetentionMs(EngineOptions engine, DeliveryOptions delivery)
    {
        var retries = delivery.ParseRetrySchedule().Aggregate(TimeSpan.Zero, (sum, d) => sum + d) * (1 + delivery.Jitter);
        var retention = engine.EventRetention > retries ? engine.EventRetention : retries + TimeSpan.FromHours(1);
        return (long)retention.TotalMilliseconds;
    }

    /// <summary>
    /// The shard of an event without an <c>Idempotency-Key</c>, which may be any: from a random start, one whose master
    /// is connected and, in durable mode (<c>Redis:WaitForReplicas</c>), not known to be short of replicas, so one
    /// degraded shard does not refuse everyone. A keyed event must go to its key's shard, where a retry finds the first
    /// answer.
    /// </summary>
    private int FreeShard()
    {
        var shard = Ids.RandomShard();
        for (var tried = 0; tried < RedisKeys.IngestShards; tried++)
        {
            var candidate = (shard + tried) % RedisKeys.IngestShards;
            var key = store.Keys.PendingFanout(candidate);
            if (store.Reaches(key) && (_waitForReplicas <= 0 || !store.Replicas.IsKnownShort(key, _waitForReplicas)))
            {
                return candidate;
            }
        }

        return shard; // no shard will do: the accept answers 503 as it must
    }

    /// <summary>The shard of an event with an <c>Idempotency-Key</c>: the same for every retry of it.</summary>
    internal static int ShardOf(string tenantId, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "\n" + idempotencyKey), hash);
        return hash[0] % RedisKeys.IngestShards;
    }

    private sealed record IdempotencyRecord(string Id, string EventType, string[] Endpoints, string BodyHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An accept for tenant {TenantId} had no answer from Redis within {DeadlineMs} ms: answered 503")]
    private static partial void LogAcceptDeadline(ILogger logger, string tenantId, double deadlineMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An accept answered 503 at its deadline then failed in the store")]
    private static partial void LogLateAcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is out of memory: event {EventId} is accepted, and its fan-out will be finished by recovery once memory frees")]
    private static partial void LogFanoutDeferred(ILogger logger, string eventId);
}

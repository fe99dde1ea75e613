using System.Collections.Concurrent;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Runs the delivery workers of this process: one <see cref="EndpointPump"/> per endpoint that has work. A pump
/// starts when the <c>wake</c> pub/sub channel names its endpoint, or when the index of active endpoints (one small
/// sorted set per shard, polled every <see cref="DeliveryOptions.PollInterval"/>) says it is due; it stops when the
/// endpoint has nothing to do soon. Idle endpoints cost no Redis command, so idle cost follows active endpoints.
/// </summary>
public sealed partial class DeliveryWorker(
    RedisStore store,
    IEndpointDirectory endpoints,
    DeliveryQueue queue,
    DeliveryProcessor processor,
    EndpointBreakers breakers,
    WorkerHeartbeat heartbeat,
    DispatchProgress progress,
    GatewayMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>
    /// How often every endpoint is looked at once, in case the index lost a mark (a failover can drop a write the
    /// queue kept, as replication is asynchronous) and for the dead-letter gauges of idle endpoints. This is the one
    /// cost that grows with registered endpoints: about five reads per endpoint per interval.
    /// </summary>
    public static readonly TimeSpan FullSweepInterval = TimeSpan.FromMinutes(15);

    private const int DuePerShard = 1000;
    private readonly ConcurrentDictionary<string, EndpointPump> _pumps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _withDeadLetters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _lastLook = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _tenantsSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string?> _changed = new();
    private readonly SemaphoreSlim _globalSlots = new(options.Value.MaxInFlight, options.Value.MaxInFlight);
    private readonly SemaphoreSlim _refreshSignal = new(0);
    private volatile IReadOnlyList<QueueDepth> _depths = [];
    private CancellationToken _stopping;

    public int InFlight => options.Value.MaxInFlight - _globalSlots.CurrentCount;

    /// <summary>How many pumps run now (one per endpoint with work).</summary>
    public int ActivePumps => _pumps.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        metrics.ObserveWorkersInUse(() => InFlight);
        metrics.ObserveOpenBreakers(() => breakers.OpenCount);
        metrics.ObserveQueueDepth(() => _depths);
        endpoints.Changed += id =>
        {
            _changed.Enqueue(id);
            _refreshSignal.Release();
        };
        progress.RoundRequested += () => _refreshSignal.Release();
        await store.Subscriber.SubscribeAsync(store.Keys.WakeChannel, (_, value) => EnsurePump((string)value!)).ConfigureAwait(false);

        var lastDepths = DateTimeOffset.MinValue;
        var lastSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            progress.RoundStarted();
            try
            {
                if (time.GetUtcNow() - lastSweep > FullSweepInterval)
                {
                    await SweepAllEndpointsAsync().ConfigureAwait(false);
                    lastSweep = time.GetUtcNow();
                }

                await ApplyChangesAsync().ConfigureAwait(false);
                await StartDuePumpsAsync().ConfigureAwait(false);
                if (time.GetUtcNow() - lastDepths > TimeSpan.FromSeconds(5))
                {
                    _depths = await MeasureDepthsAsync().ConfigureAwait(false);
                    lastDepths = time.GetUtcNow();
                }

                heartbeat.Beat();
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException || StoreErrors.IsTransient(ex))
            {
                LogRefreshFailed(logger, ex);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug or a record this code cannot read must not stop delivery to every endpoint (nor the host, as an
                // escaping exception from a hosted service would): say so, count it, and try again on the next round.
                LogWorkerRoundFailed(logger, ex);
                metrics.PumpFailed();
            }

            progress.RoundCompleted();

            try
            {
                await _refreshSignal.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
                while (_refreshSignal.CurrentCount > 0 && _refreshSignal.Wait(0, CancellationToken.None))
                {
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a pump for <paramref name="endpointId"/> unless one runs here; wakes it if it does.</summary>
    private void EnsurePump(string endpointId)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (_pumps.TryGetValue(endpointId, out var running))
        {
            running.Signal();
            if (!running.IsRetired)
            {
                return; // it sees the signal, or sees it pending when it retires (OnPumpIdle)
            }

            _pumps.TryRemove(new KeyValuePair<string, EndpointPump>(endpointId, running)); // retiring: start a fresh one
        }

        var pump = new EndpointPump(endpointId, endpoints, queue, processor, breakers, _globalSlots, options.Value, time, metrics, logger, OnPumpIdle);
        if (_pumps.TryAdd(endpointId, pump))
        {
            pump.Start(_stopping);
        }
        else if (_pumps.TryGetValue(endpointId, out running))
        {
            running.Signal();
        }
    }

    private void OnPumpIdle(EndpointPump pump)
    {
        _lastLook[pump.EndpointId] = true; // its depths drop to zero (or keep its dead letters) at the next sample
        if (_pumps.TryRemove(new KeyValuePair<string, EndpointPump>(pump.EndpointId, pump)) && pump.HasPendingSignal)
        {
            EnsurePump(pump.EndpointId); // a wake-up raced with the pump stopping
        }
    }

    /// <summary>Endpoints changed in some process: an enabled one gets a pump (which stops at once if it is idle).</summary>
    private async Task ApplyChangesAsync()
    {
        while (_changed.TryDequeue(out var id))
        {
            if (id is null)
            {
                continue; // everything may have changed: the index poll below looks at all due endpoints
            }

            // An endpoint this process cannot read still gets its pump: the pump reads it again, and says why it cannot.
            var (readable, endpoint) = await TryFindAsync(id).ConfigureAwait(false);
            if (!readable || endpoint is { Disabled: false })
            {
                EnsurePump(id);
            }
        }
    }

    /// <summary>Reads one endpoint. One this process cannot read (a bug, a record it cannot parse) must not stop delivery
    /// to every other: it is logged with its id and counted, and the caller goes on without it.</summary>
    private async Task<(bool Readable, WebhookEndpoint? Endpoint)> TryFindAsync(string id)
    {
        try
        {
            return (true, await endpoints.FindAsync(id).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not StackExchange.Redis.RedisException && !StoreErrors.IsTransient(ex))
        {
            LogEndpointUnreadable(logger, id, ex);
            metrics.PumpFailed();
            return (false, null);
        }
    }

    /// <summary>Starts (or wakes) a pump for every endpoint the index says is due; forgets endpoints that no longer exist.</summary>
    private async Task StartDuePumpsAsync()
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var shard = 0; shard < RedisKeys.IngestShards; shard++)
        {
            foreach (var id in await queue.DueEndpointsAsync(shard, nowMs, DuePerShard).ConfigureAwait(false))
            {
                if (_pumps.TryGetValue(id, out var running))
                {
                    // Due by the index: look now, even if this pump waits for a later time it read a moment ago.
                    running.Signal();
                    continue;
                }

                var (readable, endpoint) = await TryFindAsync(id).ConfigureAwait(false);
                if (!readable)
                {
                    continue;
                }

                if (endpoint is null)
                {
                    await queue.ForgetAsync(id).ConfigureAwait(false);
                    breakers.Forget(id);
                }
                else if (!endpoint.Disabled)
                {
                    EnsurePump(id);
                }
            }
        }
    }

    /// <summary>
    /// Looks at every endpoint once: one with queued work is marked due in the index (work queued before the index
    /// existed, or whose mark a failover lost), and one with dead letters is kept for the gauges.
    /// </summary>
    private async Task SweepAllEndpointsAsync()
    {
        foreach (var id in await endpoints.AllIdsAsync().ConfigureAwait(false))
        {
            var counts = await queue.CountsAsync(id).ConfigureAwait(false);
            if (counts.Ready + counts.Scheduled + counts.InFlight > 0)
            {
                await queue.ActivateAsync(id, 0).ConfigureAwait(false);
            }

            if (counts.DeadLetters > 0)
            {
                _withDeadLetters[id] = true;
            }
        }
    }

    private async Task<IReadOnlyList<QueueDepth>> MeasureDepthsAsync()
    {
        var perTenant = new Dictionary<string, QueueDepth>(StringComparer.Ordinal);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var looked = _lastLook.Keys.ToList();
        foreach (var id in looked)
        {
            _lastLook.TryRemove(id, out _);
        }

        foreach (var tenant in _tenantsSeen.Keys)
        {
            perTenant[tenant] = new QueueDepth(tenant, 0, 0, 0, 0); // a tenant whose endpoints all went idle reads zero, not a stale sample
        }

        foreach (var id in _pumps.Keys.Union(_withDeadLetters.Keys).Union(looked).ToList())
        {
            var (readable, endpoint) = await TryFindAsync(id).ConfigureAwait(false);
            if (!readable)
            {
                continue;
            }

            if (endpoint is null)
            {
                _withDeadLetters.TryRemove(id, out _);
                continue;
            }

            var counts = queue.CountsAsync(id);
            var oldest = queue.OldestReadyAgeAsync(id, nowMs);
            var groups = queue.GroupCountsAsync(id);
            await Task.WhenAll(counts, oldest, groups).ConfigureAwait(false);
            if (counts.Result.DeadLetters > 0)
            {
                _withDeadLetters[id] = true;
            }
            else
            {
                _withDeadLetters.TryRemove(id, out _);
            }

            var tenant = endpoint.TenantId;
            _tenantsSeen[tenant] = true;
            var sum = perTenant.GetValueOrDefault(tenant) ?? new QueueDepth(tenant, 0, 0, 0, 0);
            var c = counts.Result;
            var g = groups.Result;
            var blockedAge = g.OldestBlockedSinceMs is { } since ? TimeSpan.FromMilliseconds(Math.Max(0, nowMs - since)) : TimeSpan.Zero;
            perTenant[tenant] = sum with
            {
                Ready = sum.Ready + c.Ready,
                Scheduled = sum.Scheduled + c.Scheduled,
                InFlight = sum.InFlight + c.InFlight,
                DeadLetters = sum.DeadLetters + c.DeadLetters,
                OldestReadyAge = oldest.Result > sum.OldestReadyAge ? oldest.Result : sum.OldestReadyAge,
                Waiting = sum.Waiting + c.Waiting,
                OrderedGroups = sum.OrderedGroups + g.Groups,
                BlockedGroups = sum.BlockedGroups + g.Blocked,
                OldestBlockedAge = blockedAge > sum.OldestBlockedAge ? blockedAge : sum.OldestBlockedAge,
            };
        }

        return [.. perTenant.Values];
    }

    private async Task DrainAsync()
    {
        foreach (var pump in _pumps.Values)
        {
            pump.Stop();
        }

        var running = _pumps.Values.Select(p => p.Running).OfType<Task>().ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(5), time)).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the delivery workers failed unexpectedly; trying again on the next round")]
    private static partial void LogWorkerRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read endpoint {EndpointId} to start or keep its pump; will try again")]
    private static partial void LogEndpointUnreadable(ILogger logger, string endpointId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the endpoints to deliver to; retrying")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

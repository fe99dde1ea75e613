using System.Collections.Concurrent;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Runs the delivery workers of this process: one <see cref="EndpointPump"/> per enabled endpoint, woken by the
/// <c>wake</c> pub/sub channel when work appears, and refreshed when endpoints change.
/// </summary>
public sealed partial class DeliveryWorker(
    RedisStore store,
    IEndpointDirectory endpoints,
    DeliveryQueue queue,
    DeliveryProcessor processor,
    EndpointBreakers breakers,
    WorkerHeartbeat heartbeat,
    GatewayMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, EndpointPump> _pumps = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _globalSlots = new(options.Value.MaxInFlight, options.Value.MaxInFlight);
    private readonly SemaphoreSlim _refreshSignal = new(0);
    private volatile IReadOnlyList<QueueDepth> _depths = [];

    public int InFlight => options.Value.MaxInFlight - _globalSlots.CurrentCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObserveWorkersInUse(() => InFlight);
        metrics.ObserveOpenBreakers(() => breakers.OpenCount);
        metrics.ObserveQueueDepth(() => _depths);
        endpoints.Changed += _ => _refreshSignal.Release();
        await store.Subscriber.SubscribeAsync(store.Keys.WakeChannel, (_, value) =>
        {
            if (_pumps.TryGetValue((string)value!, out var pump))
            {
                pump.Signal();
            }
            else
            {
                _refreshSignal.Release(); // an endpoint this process has not seen yet
            }
        }).ConfigureAwait(false);

        var lastDepths = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshPumpsAsync(stoppingToken).ConfigureAwait(false);
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

            try
            {
                await _refreshSignal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
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

    private async Task RefreshPumpsAsync(CancellationToken stoppingToken)
    {
        var ids = await endpoints.AllIdsAsync().ConfigureAwait(false);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            WebhookEndpoint? endpoint;
            try
            {
                endpoint = await endpoints.FindAsync(id).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (StackExchange.Redis.RedisException or TimeoutException))
            {
                // One endpoint this process cannot read must not stop delivery to every other: say so, count it, and
                // keep its pump (if any) until the next refresh tries again.
                LogEndpointUnreadable(logger, id, ex);
                metrics.PumpFailed();
                live.Add(id);
                continue;
            }

            if (endpoint is null || endpoint.Disabled)
            {
                continue;
            }

            live.Add(id);
            if (!_pumps.ContainsKey(id))
            {
                var pump = new EndpointPump(id, endpoints, queue, processor, breakers, _globalSlots, options.Value, time, metrics, logger);
                if (_pumps.TryAdd(id, pump))
                {
                    pump.Start(stoppingToken);
                }
            }
        }

        foreach (var (id, pump) in _pumps)
        {
            if (!live.Contains(id) && _pumps.TryRemove(id, out _))
            {
                pump.Stop();
                breakers.Forget(id);
            }
        }
    }

    private async Task<IReadOnlyList<QueueDepth>> MeasureDepthsAsync()
    {
        var perTenant = new Dictionary<string, (long Ready, long Scheduled, long InFlight, long Dead, TimeSpan Oldest)>(StringComparer.Ordinal);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var id in _pumps.Keys)
        {
            if (await endpoints.FindAsync(id).ConfigureAwait(false) is not { } endpoint)
            {
                continue;
            }

            var counts = queue.CountsAsync(id);
            var oldest = queue.OldestReadyAgeAsync(id, nowMs);
            await Task.WhenAll(counts, oldest).ConfigureAwait(false);
            var tenant = endpoint.TenantId;
            var sum = perTenant.GetValueOrDefault(tenant);
            var c = counts.Result;
            perTenant[tenant] = (sum.Ready + c.Ready, sum.Scheduled + c.Scheduled, sum.InFlight + c.InFlight, sum.Dead + c.DeadLetters,
                oldest.Result > sum.Oldest ? oldest.Result : sum.Oldest);
        }

        return [.. perTenant.Select(p => new QueueDepth(p.Key, p.Value.Ready, p.Value.Scheduled, p.Value.InFlight, p.Value.Dead, p.Value.Oldest))];
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read endpoint {EndpointId} to start or keep its pump; will try again")]
    private static partial void LogEndpointUnreadable(ILogger logger, string endpointId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the endpoints to deliver to; retrying")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

using System.Threading.Channels;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Queue;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Feeds one endpoint's deliveries: claims work while the endpoint has free in-flight slots, then sleeps until a
/// wake-up (new work, a finished delivery) or the next due retry, with a slow poll as safety net. One pump per
/// endpoint is what makes workers fair: a busy endpoint's backlog never stands in front of a quiet one. When the
/// endpoint's rate limit has no token for its ready work, the pump sleeps on one timer until the next token, and
/// wake-ups meanwhile wait for it (they could not claim anything sooner).
/// </summary>
public sealed partial class EndpointPump
{
    private readonly string _endpointId;
    private readonly IEndpointDirectory _endpoints;
    private readonly DeliveryQueue _queue;
    private readonly DeliveryProcessor _processor;
    private readonly EndpointBreakers _breakers;
    private readonly SemaphoreSlim _globalSlots;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private const int MaxChain = 64;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<EndpointPump> _onIdle;
    private int _inFlight;
    private long _nextDueMs = -1;
    private volatile bool _retired;

    public EndpointPump(string endpointId, IEndpointDirectory endpoints, DeliveryQueue queue, DeliveryProcessor processor, EndpointBreakers breakers,
        SemaphoreSlim globalSlots, DeliveryOptions options, TimeProvider time, GatewayMetrics metrics, ILogger logger, Action<EndpointPump> onIdle)
    {
        _onIdle = onIdle;
        _endpointId = endpointId;
        _endpoints = endpoints;
        _queue = queue;
        _processor = processor;
        _breakers = breakers;
        _globalSlots = globalSlots;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public string EndpointId => _endpointId;

    /// <summary>Whether a wake-up arrived that the pump has not acted on (it may have retired meanwhile).</summary>
    public bool HasPendingSignal => _signal.Reader.Count > 0;

    /// <summary>Whether the pump stopped because its endpoint was idle; set before its owner is told.</summary>
    public bool IsRetired => _retired;

    public Task? Running { get; private set; }

    public void Start(CancellationToken stoppingToken)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stop.Token);
        Running = Task.Run(() => RunAsync(linked.Token));
    }

    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>Makes the pump look again no later than <paramref name="dueMs"/>.</summary>
    public void WakeAt(long dueMs)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _nextDueMs);
            if (current >= 0 && current <= dueMs)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _nextDueMs, dueMs, current) != current);
        Signal();
    }

    public void Stop() => _stop.Cancel();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PumpOnceAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException || Storage.StoreErrors.IsTransient(ex))
            {
                // Redis is unreachable or restarting: nothing is lost (work stays queued or leased); try again shortly.
                LogRedisError(_logger, _endpointId, ex);
                await WaitAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A bug or a record this code cannot handle: never stop silently. Say so, count it, and start again
                // after a backoff that grows while the failure repeats, so a persistent fault does not spin.
                failures++;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures - 1, 10))));
                LogPumpFailed(_logger, _endpointId, failures, backoff.TotalSeconds, ex);
                _metrics.PumpFailed();
                await WaitAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PumpOnceAsync(CancellationToken cancellationToken)
    {
        var endpoint = await _endpoints.FindAsync(_endpointId).ConfigureAwait(false);
        if (endpoint is null || endpoint.Disabled)
        {
            // Its work stays queued and in the index of active endpoints, for when it is enabled again.
            Retire();
            return;
        }

        var now = _time.GetUtcNow();
        var cap = endpoint.MaxInFlight ?? _options.MaxInFlightPerEndpoint;
        var free = cap - InFlight;
        var breaker = _breakers.For(endpoint.Id, endpoint.TenantId);
        if (breaker.IsProbing)
        {
            if (breaker.BlockedUntil > now)
            {
                await WaitAsync(breaker.BlockedUntil - now, cancellationToken).ConfigureAwait(false);
                return;
            }

            free = InFlight == 0 ? 1 : 0;
        }

        if (free > 0)
        {
            var granted = await AcquireSlotsAsync(free, cancellationToken).ConfigureAwait(false);
            var claim = await ClaimAsync(endpoint, granted, cap, now).ConfigureAwait(false);
            Interlocked.Exchange(ref _nextDueMs, claim.NextDueMs);
            foreach (var malformed in claim.Malformed)
            {
                LogMalformed(_logger, malformed.MessageId, _endpointId, malformed.Error);
                await _processor.QuarantineAsync(endpoint, malformed).ConfigureAwait(false);
            }

            foreach (var leased in claim.Messages)
            {
                Interlocked.Increment(ref _inFlight);
                _ = DeliverAsync(endpoint, leased, cancellationToken);
            }

            if (claim.ThrottledMs > 0)
            {
                await WaitForTokenAsync(endpoint, claim.ThrottledMs, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (claim.Messages.Count == granted && claim.Remaining > 0 && !breaker.IsProbing)
            {
                return; // more is ready and slots may be free: claim again at once
            }

            if (claim.Messages.Count == 0 && claim.Malformed.Count == 0 && claim.Remaining == 0 && InFlight == 0
                && !IsDueSoon(claim.NextDueMs) && await TryRetireAsync().ConfigureAwait(false))
            {
                return;
            }
        }

        var nextDue = Interlocked.Read(ref _nextDueMs);
        var wait = _options.PollInterval;
        if (nextDue >= 0)
        {
            var untilDue = TimeSpan.FromMilliseconds(Math.Max(1, nextDue - _time.GetUtcNow().ToUnixTimeMilliseconds()));
            wait = untilDue < wait ? untilDue : wait;
        }

        await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
    }

    private bool IsDueSoon(long dueMs) =>
        dueMs >= 0 && dueMs - _time.GetUtcNow().ToUnixTimeMilliseconds() <= (long)_options.PollInterval.TotalMilliseconds;

    /// <summary>
    /// Nothing to do now nor soon: leave the endpoint to the index of active endpoints (due when its next work is)
    /// and stop, so idle endpoints cost nothing. Keeps pumping when work turned up meanwhile or is due soon.
    /// </summary>
    private async Task<bool> TryRetireAsync()
    {
        var due = await _queue.DeactivateAsync(_endpointId).ConfigureAwait(false);
        if (due == 0 || IsDueSoon(due))
        {
            Interlocked.Exchange(ref _nextDueMs, due);
            return false;
        }

        Retire();
        return true;
    }

    private void Retire()
    {
        _retired = true;
        _stop.Cancel();
        _onIdle(this);
    }

    private async Task<ClaimResult> ClaimAsync(WebhookEndpoint endpoint, int granted, int cap, DateTimeOffset now)
    {
        try
        {
            var claim = await _queue.ClaimAsync(endpoint.Id, granted, cap, now.ToUnixTimeMilliseconds(), endpoint.RateLimit ?? 0).ConfigureAwait(false);
            if (claim.Messages.Count < granted)
            {
                _globalSlots.Release(granted - claim.Messages.Count);
            }

            return claim;
        }
        catch
        {
            _globalSlots.Release(granted);
            throw;
        }
    }

    /// <summary>Takes up to <paramref name="wanted"/> of the process-wide slots, waiting for at least one.</summary>
    private async Task<int> AcquireSlotsAsync(int wanted, CancellationToken cancellationToken)
    {
        await _globalSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var granted = 1;
        while (granted < wanted && _globalSlots.Wait(0, CancellationToken.None))
        {
            granted++;
        }

        return granted;
    }

    /// <summary>Delivers a leased message, then keeps this slot busy with the messages each settle leases next,
    /// up to <see cref="MaxChain"/> in a row so other endpoints get their turn at the process-wide slots.</summary>
    private async Task DeliverAsync(WebhookEndpoint endpoint, LeasedMessage leased, CancellationToken cancellationToken)
    {
        LeasedMessage? current = leased;
        try
        {
            for (var chained = 0; current is not null; chained++)
            {
                var fresh = await _endpoints.FindAsync(_endpointId).ConfigureAwait(false);
                if (fresh is null || fresh.Disabled)
                {
                    await TryReleaseAsync(endpoint, current).ConfigureAwait(false);
                    break;
                }

                endpoint = fresh;
                var breaker = _breakers.For(endpoint.Id, endpoint.TenantId);
                var claimNextCap = chained < MaxChain && !breaker.IsProbing ? endpoint.MaxInFlight ?? _options.MaxInFlightPerEndpoint : 0;
                var outcome = await _processor.ProcessAsync(endpoint, current, claimNextCap, cancellationToken).ConfigureAwait(false);
                if (outcome.DueMs > 0)
                {
                    WakeAt(outcome.DueMs);
                }

                current = outcome.Next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-request: hand the message back at once instead of waiting for the lease to expire.
            if (current is not null)
            {
                await TryReleaseAsync(endpoint, current).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Redis failed while settling: the lease expires and the message is delivered again (at least once).
            LogDeliveryError(_logger, (current ?? leased).MessageId, _endpointId, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _globalSlots.Release();
            Signal();
        }
    }

    private async Task TryReleaseAsync(WebhookEndpoint endpoint, LeasedMessage leased)
    {
        try
        {
            await _processor.ReleaseAsync(endpoint, leased, _time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException || Storage.StoreErrors.IsTransient(ex))
        {
            LogDeliveryError(_logger, leased.MessageId, _endpointId, ex);
        }
    }

    /// <summary>
    /// Ready work waits for the endpoint's rate limit: sleep until its next token on one timer. A wake-up meanwhile (a
    /// finished delivery, new work) stays pending for the claim after it, since no claim could lease anything sooner.
    /// </summary>
    private async Task WaitForTokenAsync(WebhookEndpoint endpoint, long waitMs, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(waitMs);
        _metrics.Throttled(endpoint.TenantId, endpoint.Id, wait);
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_signal.Reader.TryRead(out _))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayTask = Task.Delay(delay, _time, timeout.Token);
        var signalTask = _signal.Reader.WaitToReadAsync(timeout.Token).AsTask();
        await Task.WhenAny(delayTask, signalTask).ConfigureAwait(false);
        timeout.Cancel();
        _signal.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The pump of endpoint {EndpointId} failed ({Failures} in a row); restarting it in {BackoffSeconds} s")]
    private static partial void LogPumpFailed(ILogger logger, string endpointId, int failures, double backoffSeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of endpoint {EndpointId} has an unreadable queue record ({Error}); moved to the dead letters")]
    private static partial void LogMalformed(ILogger logger, string messageId, string endpointId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue of endpoint {EndpointId} unreachable; retrying")]
    private static partial void LogRedisError(ILogger logger, string endpointId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery of {MessageId} to {EndpointId} failed to settle; its lease will expire and it will be retried")]
    private static partial void LogDeliveryError(ILogger logger, string messageId, string endpointId, Exception exception);
}

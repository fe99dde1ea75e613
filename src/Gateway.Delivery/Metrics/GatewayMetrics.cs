using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Metrics;

/// <summary>The gateway's instruments on the <c>Gateway</c> meter; one per process, safe to call from any thread.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Gateway";

    /// <summary>Webhook latencies: a fast receiver answers in a few ms, a slow one is cut off at the attempt timeout.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>End-to-end latency spans retries, so it reaches past a minute into hours and days.</summary>
    public static readonly IReadOnlyList<double> EndToEndBuckets = [.. LatencyBuckets, 300, 1800, 3600, 21600, 86400, 259200];

    // Status codes are labels on the ingest histogram; caching their text keeps the hot path free of allocations.
    private static readonly string[] s_statusCodes = Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly bool _perEndpoint;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _filtered;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _endpointsDisabled;
    private readonly Counter<long> _breakerTransitions;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _endToEnd;
    private readonly Histogram<double> _ingestDuration;
    private readonly QueueDepthCache _queueDepth = new();
    private Func<int>? _openBreakers;
    private Func<int>? _workersInUse;

    public GatewayMetrics(IMeterFactory meterFactory, IOptions<MetricsOptions> options)
    {
        _perEndpoint = options.Value.PerEndpointLabels;
        var meter = meterFactory.Create(MeterName);
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        var endToEndBuckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = EndToEndBuckets };

        _ingested = meter.CreateCounter<long>("gateway.events.ingested", "{event}", "Events received by the ingestion API, by result.");
        _filtered = meter.CreateCounter<long>("gateway.events.filtered", "{event}", "Events an endpoint's filter rejected, never queued for it.");
        _attempts = meter.CreateCounter<long>("gateway.delivery.attempts", "{attempt}", "Delivery attempts, by outcome.");
        _deadLetters = meter.CreateCounter<long>("gateway.dead_letters", "{message}", "Messages moved to the dead-letter queue after their last retry.");
        _replays = meter.CreateCounter<long>("gateway.replays", "{message}", "Dead letters replayed by tenants.");
        _endpointsDisabled = meter.CreateCounter<long>("gateway.endpoints.disabled", "{endpoint}", "Endpoints disabled, by reason.");
        _breakerTransitions = meter.CreateCounter<long>("gateway.circuit_breaker.transitions", "{transition}", "Circuit breaker state changes, by new state.");
        _attemptDuration = meter.CreateHistogram("gateway.delivery.attempt.duration", "s", "Duration of one delivery attempt, by outcome.", advice: buckets);
        _endToEnd = meter.CreateHistogram("gateway.end_to_end.latency", "s", "Time from ingestion to the subscriber's 2xx.", advice: endToEndBuckets);
        _ingestDuration = meter.CreateHistogram("gateway.ingest.request.duration", "s", "Duration of ingestion API requests.", advice: buckets);

        meter.CreateObservableGauge("gateway.queue.depth", ObserveQueueStates, "{message}", "Messages waiting per tenant, by state.");
        meter.CreateObservableGauge("gateway.dead_letter_queue.size", ObserveDeadLetterQueues, "{message}", "Messages in the dead-letter queue per tenant.");
        meter.CreateObservableGauge("gateway.circuit_breakers.open", () => Observe(Volatile.Read(ref _openBreakers)), "{breaker}", "Endpoints whose circuit breaker is open.");
        meter.CreateObservableGauge("gateway.worker.deliveries_in_flight", () => Observe(Volatile.Read(ref _workersInUse)), "{delivery}", "Deliveries this process's workers are running now.");
    }

    /// <param name="result">accepted | duplicate | invalid | rejected | rate_limited</param>
    public void EventIngested(string tenantId, string result) =>
        _ingested.Add(1, new KeyValuePair<string, object?>("tenant", tenantId), new KeyValuePair<string, object?>("result", result));

    public void EventFiltered(string tenantId, string endpointId)
    {
        if (_perEndpoint)
        {
            _filtered.Add(1, Tenant(tenantId), Endpoint(endpointId));
        }
        else
        {
            _filtered.Add(1, Tenant(tenantId));
        }
    }

    /// <param name="outcome">success | http_4xx | http_5xx | timeout | network | ssrf_blocked</param>
    public void AttemptCompleted(string tenantId, string endpointId, string outcome, TimeSpan duration)
    {
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome);
        if (_perEndpoint)
        {
            _attempts.Add(1, Tenant(tenantId), Endpoint(endpointId), outcomeTag);
            _attemptDuration.Record(duration.TotalSeconds, Tenant(tenantId), Endpoint(endpointId), outcomeTag);
        }
        else
        {
            _attempts.Add(1, Tenant(tenantId), outcomeTag);
            _attemptDuration.Record(duration.TotalSeconds, Tenant(tenantId), outcomeTag);
        }
    }

    /// <param name="endToEnd">From ingestion to the subscriber's 2xx, across retries.</param>
    public void Delivered(string tenantId, string endpointId, TimeSpan endToEnd)
    {
        if (_perEndpoint)
        {
            _endToEnd.Record(endToEnd.TotalSeconds, Tenant(tenantId), Endpoint(endpointId));
        }
        else
        {
            _endToEnd.Record(endToEnd.TotalSeconds, Tenant(tenantId));
        }
    }

    public void DeadLettered(string tenantId, string endpointId)
    {
        if (_perEndpoint)
        {
            _deadLetters.Add(1, Tenant(tenantId), Endpoint(endpointId));
        }
        else
        {
            _deadLetters.Add(1, Tenant(tenantId));
        }
    }

    public void Replayed(string tenantId, int count)
    {
        if (count > 0)
        {
            _replays.Add(count, Tenant(tenantId));
        }
    }

    /// <param name="reason">gone | failing | manual</param>
    public void EndpointDisabled(string tenantId, string reason) =>
        _endpointsDisabled.Add(1, Tenant(tenantId), new KeyValuePair<string, object?>("reason", reason));

    /// <param name="state">opened | half_open | closed</param>
    public void BreakerTransition(string tenantId, string state) =>
        _breakerTransitions.Add(1, Tenant(tenantId), new KeyValuePair<string, object?>("state", state));

    /// <param name="route">The route template, never the raw path, so that ids do not become labels.</param>
    public void IngestRequest(string route, int statusCode, TimeSpan duration) =>
        _ingestDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("status", (uint)statusCode < s_statusCodes.Length ? s_statusCodes[statusCode] : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Sets the source of <c>gateway_queue_depth</c> and <c>gateway_dead_letter_queue_size</c>, replacing any earlier one.
    /// It runs on the scrape's thread: return a snapshot kept up to date elsewhere, do not query Redis from it.
    /// </summary>
    public void ObserveQueueDepth(Func<IReadOnlyList<QueueDepth>> observe) => _queueDepth.SetSource(observe);

    /// <summary>Sets the source of <c>gateway_circuit_breakers_open</c>, replacing any earlier one.</summary>
    public void ObserveOpenBreakers(Func<int> observe) => Volatile.Write(ref _openBreakers, observe);

    /// <summary>Sets the source of <c>gateway_worker_deliveries_in_flight</c>, replacing any earlier one.</summary>
    public void ObserveWorkersInUse(Func<int> observe) => Volatile.Write(ref _workersInUse, observe);

    private static KeyValuePair<string, object?> Tenant(string tenantId) => new("tenant", tenantId);

    private static KeyValuePair<string, object?> Endpoint(string endpointId) => new("endpoint", endpointId);

    private static IEnumerable<Measurement<int>> Observe(Func<int>? source) =>
        source is { } observe ? [new Measurement<int>(observe())] : [];

    private IEnumerable<Measurement<long>> ObserveQueueStates()
    {
        foreach (var depth in _queueDepth.Read())
        {
            var tenant = Tenant(depth.TenantId);
            yield return new Measurement<long>(depth.Ready, tenant, new KeyValuePair<string, object?>("state", "ready"));
            yield return new Measurement<long>(depth.Scheduled, tenant, new KeyValuePair<string, object?>("state", "scheduled"));
            yield return new Measurement<long>(depth.InFlight, tenant, new KeyValuePair<string, object?>("state", "in_flight"));
        }
    }

    private IEnumerable<Measurement<long>> ObserveDeadLetterQueues() =>
        _queueDepth.Read().Select(depth => new Measurement<long>(depth.DeadLetters, Tenant(depth.TenantId)));
}

using Microsoft.Extensions.Options;
using Prometheus;

namespace Gateway.Delivery.Metrics;

/// <summary>
/// The gateway's metrics, as prometheus-net collectors in the host's <see cref="CollectorRegistry"/>; one per
/// process, safe to call from any thread.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>Webhook latencies: a fast receiver answers in a few ms, a slow one is cut off at the attempt timeout.</summary>
    public static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>End-to-end latency spans retries, so it reaches past a minute into hours and days.</summary>
    public static readonly double[] EndToEndBuckets = [.. LatencyBuckets, 300, 1800, 3600, 21600, 86400, 259200];

    // Status codes are labels on the ingest histogram; caching their text keeps the hot path free of allocations.
    private static readonly string[] s_statusCodes = Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly bool _perEndpoint;
    private readonly Counter _ingested;
    private readonly Counter _filtered;
    private readonly Counter _attempts;
    private readonly Counter _deadLetters;
    private readonly Counter _replays;
    private readonly Counter _unordered;
    private readonly Counter _endpointsDisabled;
    private readonly Counter _breakerTransitions;
    private readonly Counter _pumpFailures;
    private readonly Counter _attemptsByKind;
    private readonly Counter _throttled;
    private readonly Histogram _attemptDuration;
    private readonly Histogram _endToEnd;
    private readonly Histogram _ingestDuration;
    private readonly QueueGauges _queues;
    private readonly Gauge _openBreakers;
    private readonly Gauge _workersInUse;
    private readonly Gauge _redisUp;
    private Func<IReadOnlyList<QueueDepth>>? _queueDepth;
    private Func<int>? _openBreakersSource;
    private Func<int>? _workersInUseSource;
    private Func<bool>? _redisUpSource;

    public GatewayMetrics(CollectorRegistry registry, IOptions<MetricsOptions> options)
    {
        _perEndpoint = options.Value.PerEndpointLabels;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        // Label names are listed sorted, as Prometheus client libraries write them, so series read the same everywhere.
        string[] tenant = _perEndpoint ? ["endpoint", "tenant"] : ["tenant"];
        string[] tenantOutcome = _perEndpoint ? ["endpoint", "outcome", "tenant"] : ["outcome", "tenant"];

        _ingested = factory.CreateCounter("gateway_events_ingested_total", "Events received by the ingestion API, by result.", ["result", "tenant"]);
        _filtered = factory.CreateCounter("gateway_events_filtered_total", "Events an endpoint's filter rejected, never queued for it.", tenant);
        _attempts = factory.CreateCounter("gateway_delivery_attempts_total", "Delivery attempts, by outcome.", tenantOutcome);
        // Its own counter rather than a label on the one above, whose series dashboards and alerts already read.
        _attemptsByKind = factory.CreateCounter("gateway_delivery_attempts_by_kind_total",
            "Delivery attempts by destination kind (http, email, rabbitmq) and outcome.", ["kind", "outcome"]);
        _deadLetters = factory.CreateCounter("gateway_dead_letters_total", "Messages moved to the dead-letter queue after their last retry.", tenant);
        _unordered = factory.CreateCounter("gateway_ordering_unkeyed_events_total",
            "Events queued unordered at an ordered endpoint because they lack its ordering key.", tenant);
        _replays = factory.CreateCounter("gateway_replays_total", "Dead letters replayed by tenants.", ["tenant"]);
        _endpointsDisabled = factory.CreateCounter("gateway_endpoints_disabled_total", "Endpoints disabled, by reason.", ["reason", "tenant"]);
        _pumpFailures = factory.CreateCounter("gateway_pump_failures_total", "Unexpected errors of the delivery workers: a pump that failed and was restarted, or an endpoint they could not read.");
        _throttled = factory.CreateCounter("gateway_endpoint_throttled_seconds_total",
            "Time a worker's delivery of an endpoint waited for the endpoint's rate limit while it had ready work (summed over worker processes).", tenant);
        _breakerTransitions = factory.CreateCounter("gateway_circuit_breaker_transitions_total", "Circuit breaker state changes, by new state.", ["state", "tenant"]);
        _attemptDuration = factory.CreateHistogram("gateway_delivery_attempt_duration_seconds", "Duration of one delivery attempt, by outcome.",
            new HistogramConfiguration { LabelNames = tenantOutcome, Buckets = LatencyBuckets });
        _endToEnd = factory.CreateHistogram("gateway_end_to_end_latency_seconds", "Time from ingestion to the subscriber's 2xx.",
            new HistogramConfiguration { LabelNames = tenant, Buckets = EndToEndBuckets });
        _ingestDuration = factory.CreateHistogram("gateway_ingest_request_duration_seconds", "Duration of ingestion API requests.",
            new HistogramConfiguration { LabelNames = ["route", "status"], Buckets = LatencyBuckets });

        _queues = new QueueGauges(factory);
        // Without a source (a process that runs no workers, or before they start) these are absent rather than a false 0.
        var absentUntilSet = new GaugeConfiguration { SuppressInitialValue = true };
        _openBreakers = factory.CreateGauge("gateway_circuit_breakers_open", "Endpoints whose circuit breaker is open.", absentUntilSet);
        _workersInUse = factory.CreateGauge("gateway_worker_deliveries_in_flight", "Deliveries this process's workers are running now.", absentUntilSet);
        _redisUp = factory.CreateGauge("gateway_redis_up", "1 when this process is connected to Redis, else 0.", absentUntilSet);
        registry.AddBeforeCollectCallback(Observe);
    }

    /// <param name="result">accepted | duplicate | invalid | rejected | rate_limited</param>
    public void EventIngested(string tenantId, string result) => _ingested.WithLabels([result, tenantId]).Inc();

    public void EventFiltered(string tenantId, string endpointId) => PerEndpoint(_filtered, tenantId, endpointId).Inc();

    /// <summary>One attempt counted by destination kind: a bounded set (3 kinds, the outcome labels).</summary>
    public void AttemptByKind(Endpoints.DestinationKind kind, string outcome) => _attemptsByKind.WithLabels([KindLabel(kind), outcome]).Inc();

    public static string KindLabel(Endpoints.DestinationKind kind) => kind switch
    {
        Endpoints.DestinationKind.Email => "email",
        Endpoints.DestinationKind.RabbitMq => "rabbitmq",
        _ => "http",
    };

    /// <param name="outcome">success | http_4xx | http_5xx | timeout | network | ssrf_blocked | smtp_4xx | smtp_5xx | broker_rejected | unsendable</param>
    public void AttemptCompleted(string tenantId, string endpointId, string outcome, TimeSpan duration)
    {
        if (_perEndpoint)
        {
            _attempts.WithLabels([endpointId, outcome, tenantId]).Inc();
            _attemptDuration.WithLabels([endpointId, outcome, tenantId]).Observe(duration.TotalSeconds);
        }
        else
        {
            _attempts.WithLabels([outcome, tenantId]).Inc();
            _attemptDuration.WithLabels([outcome, tenantId]).Observe(duration.TotalSeconds);
        }
    }

    /// <param name="endToEnd">From ingestion to the subscriber's 2xx, across retries.</param>
    public void Delivered(string tenantId, string endpointId, TimeSpan endToEnd) =>
        PerEndpoint(_endToEnd, tenantId, endpointId).Observe(endToEnd.TotalSeconds);

    /// <summary>An event went to an ordered endpoint without its ordering key, so unordered.</summary>
    public void UnorderedEvent(string tenantId, string endpointId) => PerEndpoint(_unordered, tenantId, endpointId).Inc();

    /// <summary>A worker waits <paramref name="wait"/> for the endpoint's rate limit with ready work queued.</summary>
    public void Throttled(string tenantId, string endpointId, TimeSpan wait) => PerEndpoint(_throttled, tenantId, endpointId).Inc(wait.TotalSeconds);

    public void DeadLettered(string tenantId, string endpointId) => PerEndpoint(_deadLetters, tenantId, endpointId).Inc();

    public void Replayed(string tenantId, int count)
    {
        if (count > 0)
        {
            _replays.WithLabels([tenantId]).Inc(count);
        }
    }

    /// <param name="reason">gone | failing | manual</param>
    /// <summary>An endpoint's pump failed unexpectedly and will be restarted after a backoff.</summary>
    public void PumpFailed() => _pumpFailures.Inc();

    public void EndpointDisabled(string tenantId, string reason) => _endpointsDisabled.WithLabels([reason, tenantId]).Inc();

    /// <param name="state">opened | half_open | closed</param>
    public void BreakerTransition(string tenantId, string state) => _breakerTransitions.WithLabels([state, tenantId]).Inc();

    /// <param name="route">The route template, never the raw path, so that ids do not become labels.</param>
    public void IngestRequest(string route, int statusCode, TimeSpan duration)
    {
        var status = (uint)statusCode < s_statusCodes.Length ? s_statusCodes[statusCode] : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ingestDuration.WithLabels([route, status]).Observe(duration.TotalSeconds);
    }

    /// <summary>
    /// Sets the source of <c>gateway_queue_depth</c>, <c>gateway_dead_letter_queue_size</c> and
    /// <c>gateway_queue_oldest_ready_age_seconds</c>, replacing any earlier one. It runs on the scrape's thread:
    /// return a snapshot kept up to date elsewhere, do not query Redis from it.
    /// </summary>
    public void ObserveQueueDepth(Func<IReadOnlyList<QueueDepth>> observe) => Volatile.Write(ref _queueDepth, observe);

    /// <summary>Sets the source of <c>gateway_circuit_breakers_open</c>, replacing any earlier one.</summary>
    public void ObserveOpenBreakers(Func<int> observe) => Volatile.Write(ref _openBreakersSource, observe);

    /// <summary>Sets the source of <c>gateway_worker_deliveries_in_flight</c>, replacing any earlier one.</summary>
    public void ObserveWorkersInUse(Func<int> observe) => Volatile.Write(ref _workersInUseSource, observe);

    /// <summary>Sets the source of <c>gateway_redis_up</c>, replacing any earlier one. It runs on the scrape's thread: no I/O.</summary>
    public void ObserveRedisUp(Func<bool> observe) => Volatile.Write(ref _redisUpSource, observe);

    private T PerEndpoint<T>(Collector<T> collector, string tenantId, string endpointId)
        where T : ChildBase =>
        _perEndpoint ? collector.WithLabels([endpointId, tenantId]) : collector.WithLabels([tenantId]);

    // Runs once per scrape, before the registry is written: one call of each source, so one scrape reads one snapshot.
    private void Observe()
    {
        if (Volatile.Read(ref _queueDepth) is { } depths)
        {
            _queues.Set(depths());
        }

        if (Volatile.Read(ref _openBreakersSource) is { } breakers)
        {
            _openBreakers.Set(breakers());
        }

        if (Volatile.Read(ref _workersInUseSource) is { } workers)
        {
            _workersInUse.Set(workers());
        }

        if (Volatile.Read(ref _redisUpSource) is { } redisUp)
        {
            _redisUp.Set(redisUp() ? 1 : 0);
        }
    }
}

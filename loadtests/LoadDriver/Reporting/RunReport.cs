using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadDriver.Reporting;

/// <summary>
/// The one JSON line a run with traffic prints. Rates are per second of the measured phase, latencies in ms. The
/// delivery fields are absent when the scenario awaits no deliveries (<c>ingest</c>, <c>floor</c>); in the floor
/// scenarios the gateway fields describe the floor app, the process in the gateway's place.
/// </summary>
internal sealed record RunReport : IRunReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Scenario { get; init; }

    public required double AcceptedPerSec { get; init; }

    /// <summary>First receipts on healthy endpoints per second, from the first send to the last receipt.</summary>
    public double? DeliveriesPerSec { get; init; }

    public double? E2eP50Ms { get; init; }

    public double? E2eP99Ms { get; init; }

    public double? E2eMaxMs { get; init; }

    /// <summary>Expected deliveries (accepted events × healthy endpoints) never received before the drain bound.</summary>
    public long? Lost { get; init; }

    /// <summary>Repeated <c>webhook-id</c>s on a healthy endpoint (at-least-once makes some legal).</summary>
    public long? Duplicates { get; init; }

    public long? BadSignatures { get; init; }

    public double? GatewayPeakRssMb { get; init; }

    /// <summary>Gateway CPU time over the measured phase and drain (all its processes).</summary>
    public double? GatewayCpuSeconds { get; init; }

    /// <summary><see cref="GatewayCpuSeconds"/> per accepted event, in ms: with its deliveries when they are awaited.</summary>
    public double? GatewayCpuMsPerEvent { get; init; }

    /// <summary><see cref="RedisCpuSeconds"/> per accepted event, in ms.</summary>
    public double? RedisCpuMsPerEvent { get; init; }

    /// <summary>Script calls (<c>EVALSHA</c>, <c>EVAL</c>) Redis ran per accepted event, over the same window as the CPU.</summary>
    public double? RedisScriptCallsPerEvent { get; init; }

    /// <summary>Commands Redis ran per accepted event, those inside scripts included, over the same window as the CPU.</summary>
    public double? RedisCommandsPerEvent { get; init; }

    public double? HealthyE2eP50Ms { get; init; }

    public double? HealthyE2eP99Ms { get; init; }

    public double? HealthyE2eMaxMs { get; init; }

    /// <summary>Distinct messages the stuck endpoint saw over the whole run, warm-up included.</summary>
    public long? StuckEndpointMessages { get; init; }

    /// <summary>Requests the stuck endpoint saw over the whole run; a circuit breaker in the gateway keeps this low.</summary>
    public long? StuckEndpointAttempts { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Target events per second; 0 means as fast as the connections allow.</summary>
    public required int Rate { get; init; }

    public required int Connections { get; init; }

    public int? Endpoints { get; init; }

    /// <summary>Separate worker processes, when the gateway was started split.</summary>
    public int? Workers { get; init; }

    /// <summary>Bytes of one single-event request body.</summary>
    public int? EventBytes { get; init; }

    public int? StuckEndpoints { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>Distinct order ids at ordered endpoints (the <c>ordered</c> scenario).</summary>
    public int? Orders { get; init; }

    /// <summary>First deliveries of an order older than one already delivered for it at the same endpoint.</summary>
    public long? OutOfOrder { get; init; }

    public required long Accepted { get; init; }

    public required long Rejected { get; init; }

    public required long IngestErrors { get; init; }

    public required IReadOnlyDictionary<string, long> IngestStatus { get; init; }

    public double? IngestP50Ms { get; init; }

    public double? IngestP99Ms { get; init; }

    public long? Expected { get; init; }

    public long? Delivered { get; init; }

    public long? Malformed { get; init; }

    public double? DrainSeconds { get; init; }

    public bool? DrainTimedOut { get; init; }

    public double? RedisCpuSeconds { get; init; }

    public bool? GatewayExited { get; init; }

    public string? FirstError { get; init; }

    public string? GatewayLog { get; init; }

    public bool Passed => Lost is null or 0 && BadSignatures is null or 0 && Malformed is null or 0 && Accepted > 0 && GatewayExited != true;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

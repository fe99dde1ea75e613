using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadDriver.Reporting;

/// <summary>The JSON line of <c>idle</c>: the gateway's cost at rest, before and after its endpoints were registered.</summary>
internal sealed record IdleReport : IRunReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Scenario { get; init; }

    public required int Endpoints { get; init; }

    public required double RegistrationSeconds { get; init; }

    public required double RegistrationsPerSec { get; init; }

    /// <summary>Seconds of each measured window.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Mean gateway CPU over the window after registration, all processes, 100 = one core.</summary>
    public double? GatewayCpuPercent { get; init; }

    public double? GatewayCpuPercentMax { get; init; }

    /// <summary>Redis commands per second over that window (<c>total_commands_processed</c>), the driver's own excluded.</summary>
    public double? RedisOpsPerSec { get; init; }

    public double? RedisOpsPerSecMax { get; init; }

    public double? RedisCpuPercent { get; init; }

    /// <summary>The same with the tenant but none of its endpoints registered yet.</summary>
    public double? BaselineGatewayCpuPercent { get; init; }

    public double? BaselineGatewayCpuPercentMax { get; init; }

    public double? BaselineRedisOpsPerSec { get; init; }

    public double? BaselineRedisOpsPerSecMax { get; init; }

    public double? BaselineRedisCpuPercent { get; init; }

    public double? GatewayPeakRssMb { get; init; }

    /// <summary>Separate worker processes beside the API process; absent when one process runs both roles.</summary>
    public int? Workers { get; init; }

    public required int Connections { get; init; }

    /// <summary>Requests that reached the receiver: with no events sent, anything but 0 is a surprise.</summary>
    public required long ReceiverRequests { get; init; }

    public bool? GatewayExited { get; init; }

    public string? GatewayLog { get; init; }

    public bool Passed => GatewayExited != true && ReceiverRequests == 0;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

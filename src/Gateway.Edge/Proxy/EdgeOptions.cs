using System.ComponentModel.DataAnnotations;

namespace Gateway.Edge.Proxy;

/// <summary>The edge, bound from the <c>Edge</c> section.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    /// <summary>Base addresses of the API processes (<c>Gateway:Roles=api</c>).</summary>
    [MinLength(1)]
    public string[] Destinations { get; set; } = [];

    /// <summary>How often each API process's <c>/readyz</c> is probed; a process failing one probe gets no new requests. <value>5 s</value></summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take. <value>2 s</value></summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a destination that failed requests (passive health) is left out before it is tried again. <value>10 s</value></summary>
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connecting to an API process fails after this long: a dead process answers 502 at once. <value>2 s</value></summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A request with no activity for this long is cut with 504. <value>30 s</value></summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body of <c>POST /v1/events</c>; keep it equal to the gateway's <c>Gateway:MaxEventBytes</c>. <value>256 KiB</value></summary>
    [Range(1, int.MaxValue)]
    public long MaxEventBytes { get; set; } = 256 * 1024;

    /// <summary>Largest body of <c>POST /v1/events/batch</c>, as the gateway's batch limit. <value>32 MiB</value></summary>
    [Range(1, long.MaxValue)]
    public long MaxBatchBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest body of every other request (endpoints, schemas, orders). <value>1 MiB</value></summary>
    [Range(1, long.MaxValue)]
    public long MaxOtherBytes { get; set; } = 1024 * 1024;
}

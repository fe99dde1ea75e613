using System.ComponentModel.DataAnnotations;

namespace Gateway.Hosting;

/// <summary>The API's settings, bound from the <c>Gateway</c> section (the engine binds its own part of it: <see cref="Gateway.Delivery.EngineOptions"/>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Bearer key of the admin API. <value>Generated and printed at start when empty.</value></summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Largest accepted event body. <value>256 KiB</value></summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 256 * 1024;

    /// <summary>Most events in one batch request. <value>1000</value></summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Per-tenant event rate limit for the whole cluster, in events per second (one second of burst); 0 turns it off. <value>0</value></summary>
    [Range(0, 1_000_000)]
    public int TenantEventsPerSecond { get; set; }
}

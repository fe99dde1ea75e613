using System.ComponentModel.DataAnnotations;

namespace Gateway.Hosting;

/// <summary>Process-wide settings, bound from the <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Bearer key of the admin API. <value>Generated and printed at start when empty.</value></summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Which parts this process runs. <value><c>api,worker</c></value></summary>
    public string Roles { get; set; } = "api,worker";

    /// <summary>Largest accepted event body. <value>256 KiB</value></summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 256 * 1024;

    /// <summary>Most events in one batch request. <value>1000</value></summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How long an <c>Idempotency-Key</c> is remembered. <value>24 h</value></summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an event body is kept for delivery and retries. <value>4 days, longer than the default retry schedule</value></summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(4);

    /// <summary>Per-tenant event rate limit for the whole cluster, in events per second (one second of burst); 0 turns it off. <value>0</value></summary>
    [Range(0, 1_000_000)]
    public int TenantEventsPerSecond { get; set; }

    public bool RunsApi => HasRole("api");

    public bool RunsWorkers => HasRole("worker");

    private bool HasRole(string role) =>
        Roles.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase) || string.Equals(r, "all", StringComparison.OrdinalIgnoreCase));
}

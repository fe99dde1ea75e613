namespace Gateway.Delivery;

/// <summary>What the engine keeps of an event and which parts of it this process runs, bound from the <c>Gateway</c> section.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Which parts this process runs: <c>api</c>, <c>worker</c>, or both. <value><c>api,worker</c></value></summary>
    public string Roles { get; set; } = "api,worker";

    /// <summary>How long an <c>Idempotency-Key</c> is remembered. <value>24 h</value></summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an event body is kept for delivery and retries. <value>4 days, longer than the default retry schedule</value></summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(4);

    /// <summary>How long an event's body is kept once every target has settled (delivered or dead-lettered; a dead
    /// letter keeps its own copy), for the message detail of the logs; zero drops it at once. <value>1 h</value></summary>
    public TimeSpan PayloadRetention { get; set; } = TimeSpan.FromHours(1);

    public bool RunsApi => HasRole("api");

    public bool RunsWorkers => HasRole("worker");

    private bool HasRole(string role) =>
        Roles.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase) || string.Equals(r, "all", StringComparison.OrdinalIgnoreCase));
}

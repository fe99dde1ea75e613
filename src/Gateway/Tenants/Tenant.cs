namespace Gateway.Tenants;

/// <summary>A tenant: a shop platform or reseller that sends events.</summary>
public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>The order-status workflow preset or custom workflow name; null until one is chosen.</summary>
    public string? Workflow { get; init; }
}

namespace Gateway.Tenants;

/// <summary>A tenant: a shop platform or reseller that sends events.</summary>
public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>The order-status workflow preset or custom workflow name; null until one is chosen.</summary>
    public string? Workflow { get; init; }
}

/// <summary>An API key's public record. The key itself is never stored, only its SHA-256.</summary>
public sealed record ApiKeyRecord(string KeyId, string Hash, string Scope, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>Who a request is: the tenant and which of its keys.</summary>
public sealed record TenantPrincipal(string TenantId, string KeyId, string Scope)
{
    public const string AdminScope = "admin";

    public bool IsAdmin => Scope == AdminScope;
}

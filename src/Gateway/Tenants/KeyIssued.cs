namespace Gateway.Tenants;

/// <summary>A new API key, the only time it is shown.</summary>
public sealed record KeyIssued(string KeyId, string ApiKey, string Scope, DateTimeOffset CreatedAt);

namespace Gateway.Tenants;

/// <summary>A new tenant with its first API key, the only time the key is shown.</summary>
public sealed record TenantCreated(string Id, string Name, string ApiKey, DateTimeOffset CreatedAt);

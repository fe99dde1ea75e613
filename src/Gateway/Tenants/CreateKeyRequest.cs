namespace Gateway.Tenants;

public sealed record CreateKeyRequest(string? Scope);

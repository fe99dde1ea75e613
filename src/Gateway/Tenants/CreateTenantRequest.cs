namespace Gateway.Tenants;

public sealed record CreateTenantRequest(string? Name);

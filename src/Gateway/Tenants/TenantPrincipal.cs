namespace Gateway.Tenants;

/// <summary>Who a request is: the tenant and which of its keys.</summary>
public sealed record TenantPrincipal(string TenantId, string KeyId, string Scope)
{
    public const string AdminScope = "admin";

    public bool IsAdmin => Scope == AdminScope;
}

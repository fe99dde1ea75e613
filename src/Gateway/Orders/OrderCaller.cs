namespace Gateway.Orders;

/// <summary>Who changes an order: the tenant whose orders these are, the actor named in the history, and whether the caller is elevated.</summary>
/// <param name="Actor">The tenant key's id, or <c>admin</c> for the operator's key.</param>
/// <param name="IsAdmin">The operator's key or a tenant key with scope <c>admin</c>: may make admin-only transitions and overrides.</param>
public sealed record OrderCaller(string TenantId, string Actor, bool IsAdmin)
{
    public const string OperatorActor = "admin";
}

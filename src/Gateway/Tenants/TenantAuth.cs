using Gateway.Authentication;

namespace Gateway.Tenants;

/// <summary>The tenant and admin APIs' policies (<see cref="GatewayAuthentication"/>), and the calling tenant.</summary>
public static class TenantAuth
{
    /// <summary>The calling tenant, on a route that requires <see cref="GatewayAuthentication.TenantPolicy"/>.</summary>
    public static TenantPrincipal Tenant(this HttpContext context)
    {
        var user = context.User;
        return new TenantPrincipal(
            user.FindFirst(GatewayAuthentication.TenantClaim)?.Value ?? throw new InvalidOperationException("The route does not require a tenant."),
            user.FindFirst(GatewayAuthentication.KeyClaim)!.Value,
            user.FindFirst(GatewayAuthentication.ScopeClaim)!.Value);
    }

    /// <summary>A tenant key, or the console session of a tenant.</summary>
    public static RouteGroupBuilder RequireTenant(this RouteGroupBuilder group) =>
        group.RequireAuthorization(GatewayAuthentication.TenantPolicy);

    /// <summary>The operator's admin key.</summary>
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.RequireAuthorization(GatewayAuthentication.AdminPolicy);
}

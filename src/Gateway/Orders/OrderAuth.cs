using Gateway.Authentication;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Orders;

/// <summary>
/// The order APIs accept a tenant key (or console session), or the operator's admin key acting for the tenant named by
/// the <c>tenantId</c> query parameter (the admin key belongs to no tenant). A tenant key's own tenant is used and a
/// <c>tenantId</c> in the query ignored, so no tenant reaches another's orders.
/// </summary>
public static class OrderAuth
{
    /// <summary>The caller, set by <see cref="RequireTenantOrOperator"/>.</summary>
    public static OrderCaller Caller(this HttpContext context) =>
        context.Features.Get<OrderCaller>() ?? throw new InvalidOperationException("The route does not require an order caller.");

    public static RouteGroupBuilder RequireTenantOrOperator(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(GatewayAuthentication.TenantOrOperatorPolicy);
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (!context.User.IsOperator())
            {
                var tenant = context.Tenant();
                context.Features.Set(new OrderCaller(tenant.TenantId, tenant.KeyId, tenant.IsAdmin));
                return await next(invocation);
            }

            var tenantId = context.Request.Query["tenantId"].ToString();
            if (string.IsNullOrEmpty(tenantId))
            {
                return Problem.BadRequest("With the admin key, name the tenant in the query: ?tenantId=<id>.");
            }

            if (await context.RequestServices.GetRequiredService<TenantStore>().GetAsync(tenantId) is null)
            {
                return Problem.NotFound("tenant");
            }

            context.Features.Set(new OrderCaller(tenantId, OrderCaller.OperatorActor, IsAdmin: true));
            return await next(invocation);
        });
        return group;
    }
}

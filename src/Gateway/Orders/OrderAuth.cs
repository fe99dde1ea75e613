using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Orders;

/// <summary>
/// The order APIs accept a tenant key, or the operator's admin key acting for the tenant named by the
/// <c>tenantId</c> query parameter (the admin key belongs to no tenant).
/// </summary>
public static class OrderAuth
{
    private const string CallerItem = "gateway.orders.caller";

    /// <summary>The caller, set by <see cref="RequireTenantOrOperator"/>.</summary>
    public static OrderCaller Caller(this HttpContext context) => (OrderCaller)context.Items[CallerItem]!;

    public static RouteGroupBuilder RequireTenantOrOperator(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var caller = await AuthenticateAsync(context);
            if (caller.Problem is not null)
            {
                return caller.Problem;
            }

            context.Items[CallerItem] = caller.Caller;
            return await next(invocation);
        });

    private static async Task<(OrderCaller? Caller, IResult? Problem)> AuthenticateAsync(HttpContext context)
    {
        var tenants = context.RequestServices.GetRequiredService<TenantStore>();
        if (TenantAuth.IsAdminKey(context))
        {
            var tenantId = context.Request.Query["tenantId"].ToString();
            if (string.IsNullOrEmpty(tenantId))
            {
                return (null, Problem.BadRequest("With the admin key, name the tenant in the query: ?tenantId=<id>."));
            }

            return await tenants.GetAsync(tenantId) is null
                ? (null, Problem.NotFound("tenant"))
                : (new OrderCaller(tenantId, OrderCaller.OperatorActor, IsAdmin: true), null);
        }

        var key = TenantAuth.BearerToken(context);
        if (key is null && TenantAuth.SessionPrincipal(context) is { } fromSession)
        {
            return (new OrderCaller(fromSession.TenantId, fromSession.KeyId, IsAdmin: false), null);
        }

        if (key is null)
        {
            return (null, Problem.Unauthorized("Send the tenant API key as 'Authorization: Bearer <key>'."));
        }

        // The tenant comes from the key; a tenantId in the query is ignored, so no tenant reaches another's orders.
        return await tenants.AuthenticateAsync(key) is { } principal
            ? (new OrderCaller(principal.TenantId, principal.KeyId, principal.IsAdmin), null)
            : (null, Problem.Unauthorized("The API key is unknown or revoked."));
    }
}

using Gateway.Hosting;
using Gateway.Problems;
using Microsoft.Extensions.Options;

namespace Gateway.Tenants;

/// <summary>Bearer-key authentication for the tenant and admin APIs.</summary>
public static class TenantAuth
{
    private const string PrincipalItem = "gateway.tenant";
    private const string SessionPrincipalItem = "gateway.session";

    /// <summary>The calling tenant, set by <see cref="RequireTenant"/>.</summary>
    public static TenantPrincipal Tenant(this HttpContext context) =>
        (TenantPrincipal)context.Items[PrincipalItem]!;

    public static RouteGroupBuilder RequireTenant(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var key = BearerToken(context);
            if (key is null)
            {
                if (SessionPrincipal(context) is { } fromSession)
                {
                    context.Items[PrincipalItem] = fromSession;
                    return await next(invocation);
                }

                return Problem.Unauthorized("Send the tenant API key as 'Authorization: Bearer <key>'.");
            }

            var principal = await context.RequestServices.GetRequiredService<TenantStore>().AuthenticateAsync(key);
            if (principal is null)
            {
                return Problem.Unauthorized("The API key is unknown or revoked.");
            }

            context.Items[PrincipalItem] = principal;
            return await next(invocation);
        });

    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            return IsAdminKey(context)
                ? await next(invocation)
                : Problem.Unauthorized("Send the admin key as 'Authorization: Bearer <key>'.");
        });

    /// <summary>True when the request carries the operator's admin key.</summary>
    public static bool IsAdminKey(HttpContext context)
    {
        var key = BearerToken(context);
        var adminKey = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminApiKey;
        return key is not null && !string.IsNullOrEmpty(adminKey) && ApiKeys.FixedTimeEquals(key, adminKey);
    }

    /// <summary>Accepts a principal established by a browser session (see <c>Console/ConsoleSessionMiddleware</c>) in place of a key.</summary>
    public static void UseSessionPrincipal(HttpContext context, TenantPrincipal principal) => context.Items[SessionPrincipalItem] = principal;

    /// <summary>The principal of the request's browser session, when it has one and no key.</summary>
    public static TenantPrincipal? SessionPrincipal(HttpContext context) => context.Items[SessionPrincipalItem] as TenantPrincipal;

    internal static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}

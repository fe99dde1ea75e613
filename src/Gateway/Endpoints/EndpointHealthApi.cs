using System.Globalization;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Storage;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Endpoints;

/// <summary><c>GET /v1/endpoints/{id}/health</c>: last success, failing since, and this process's circuit breaker.</summary>
public static class EndpointHealthApi
{
    public static IEndpointRouteBuilder MapEndpointHealth(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/endpoints").RequireTenant().MapGet("/{id}/health", async (HttpContext context, string id, EndpointStore endpoints, RedisStore store) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
            {
                return Problem.NotFound("endpoint");
            }

            var health = await store.Database.HashGetAllAsync(store.Keys.Health(id));
            // Breakers live in the worker processes; an API-only process cannot tell (null).
            var breaker = context.RequestServices.GetService<EndpointBreakers>() is { } breakers && breakers.Known(id) is { } known ? known : (bool?)null;
            return Results.Ok(new
            {
                endpoint.Disabled,
                endpoint.DisabledReason,
                endpoint.DisabledAt,
                lastSuccessAt = Time(health, "lastSuccess"),
                failingSince = Time(health, "failingSince"),
                breakerOpen = breaker,
            });
        });

        return app;
    }

    private static DateTimeOffset? Time(StackExchange.Redis.HashEntry[] entries, string name)
    {
        var entry = entries.FirstOrDefault(e => e.Name == name);
        return !entry.Value.IsNull && long.TryParse((string)entry.Value!, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }
}

using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Logs;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Endpoints;

/// <summary><c>GET /v1/endpoints/{id}/health</c>: last success, failing since, and this process's circuit breaker.</summary>
public static class EndpointHealthApi
{
    public static IEndpointRouteBuilder MapEndpointHealth(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/endpoints").RequireTenant().MapGet("/{id}/health", async (HttpContext context, string id, EndpointStore endpoints, LogReader logs) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
            {
                return Problem.NotFound("endpoint");
            }

            var health = await logs.HealthAsync(id);
            // Breakers live in the worker processes; an API-only process cannot tell (null).
            var breaker = context.RequestServices.GetService<EndpointBreakers>() is { } breakers && breakers.Known(id) is { } known ? known : (bool?)null;
            return Results.Ok(new
            {
                endpoint.Disabled,
                endpoint.DisabledReason,
                endpoint.DisabledAt,
                lastSuccessAt = health.LastSuccessAt,
                failingSince = health.FailingSince,
                breakerOpen = breaker,
            });
        });

        return app;
    }
}

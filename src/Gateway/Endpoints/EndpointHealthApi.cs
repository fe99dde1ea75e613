using Gateway.ApiDocs;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Logs;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Endpoints;

/// <summary><c>GET /v1/endpoints/{id}/health</c>: last success, failing since, and this process's circuit breaker.</summary>
public static class EndpointHealthApi
{
    public static IEndpointRouteBuilder MapEndpointHealth(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/endpoints").RequireTenant().WithTags("Endpoints")
            .MapGet("/{id}/health", GetAsync)
            .WithSummary("Last success, failing since, and the circuit breaker.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<EndpointHealthView>, ProblemHttpResult>> GetAsync(HttpContext context, string id, EndpointStore endpoints, LogReader logs)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        var health = await logs.HealthAsync(id);
        // Breakers live in the worker processes; an API-only process cannot tell (null).
        var breaker = context.RequestServices.GetService<EndpointBreakers>() is { } breakers && breakers.Known(id) is { } known ? known : (bool?)null;
        return TypedResults.Ok(new EndpointHealthView(endpoint.Disabled, endpoint.DisabledReason, endpoint.DisabledAt, health.LastSuccessAt, health.FailingSince, breaker));
    }
}

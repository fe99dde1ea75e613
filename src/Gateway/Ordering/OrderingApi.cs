using Gateway.ApiDocs;
using Gateway.Delivery.Queue;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Ordering;

/// <summary><c>GET /v1/endpoints/{id}/ordering/groups</c>: the ordered groups of an endpoint that are blocked (docs/ordering.md).</summary>
public static class OrderingApi
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapOrderingGroups(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/endpoints").RequireTenant().WithTags("Endpoints")
            .MapGet("/{id}/ordering/groups", ListGroupsAsync)
            .WithSummary("An ordered endpoint's group counts and its blocked groups (head, attempts, how long blocked).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Results<Ok<OrderingGroupsView>, ProblemHttpResult>> ListGroupsAsync(
        HttpContext context, string id, string? state, int? limit, EndpointStore endpoints, DeliveryQueue queue, TimeProvider time)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        var errors = new List<FieldError>();
        if (state is not (null or "blocked"))
        {
            errors.Add(new FieldError("/state", "state must be 'blocked' (the groups whose head has failed, or that are paused)."));
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(new FieldError("/limit", $"limit must be from 1 to {MaxLimit}."));
        }

        if (errors.Count > 0)
        {
            return Problem.Validation("The query is not valid.", errors);
        }

        var now = time.GetUtcNow();
        var counts = await queue.GroupCountsAsync(id);
        var blocked = await queue.BlockedGroupsAsync(id, limit ?? 100);
        return TypedResults.Ok(new OrderingGroupsView(endpoint.Ordering, counts.Groups, counts.Blocked, [.. blocked.Select(g => new BlockedGroupView(
            g.Key,
            State: g.Paused ? "paused" : "retrying",
            g.HeadMessageId,
            g.Attempts,
            g.BlockedSince,
            WaitingSeconds: Math.Max(0, Math.Round((now - g.BlockedSince).TotalSeconds, 3)),
            g.Waiting))]));
    }
}

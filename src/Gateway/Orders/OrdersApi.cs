using Gateway.Ingestion;
using Gateway.Problems;

namespace Gateway.Orders;

/// <summary><c>/v1/orders/{orderId}</c>: an order's status, its transitions, its history and the admin override.</summary>
public static class OrdersApi
{
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/orders").RequireTenantOrOperator();

        group.MapPut("/{orderId}/status", (HttpContext context, string orderId, WorkflowStore workflows, OrderStatusService service, TenantRateLimiter limiter) =>
            ChangeAsync(context, orderId, forced: false, workflows, service, limiter));

        group.MapPut("/{orderId}/status/override", (HttpContext context, string orderId, WorkflowStore workflows, OrderStatusService service, TenantRateLimiter limiter) =>
            ChangeAsync(context, orderId, forced: true, workflows, service, limiter));

        group.MapGet("/{orderId}/status/transitions", async (HttpContext context, string orderId, WorkflowStore workflows, OrderStore orders) =>
        {
            if (!OrderIds.IsValid(orderId))
            {
                return Problem.BadRequest(OrderIds.Rule);
            }

            var caller = context.Caller();
            var (workflow, _) = await workflows.GetAsync(caller.TenantId);
            var state = await orders.GetStateAsync(caller.TenantId, orderId);
            var status = state?.Status ?? workflow.Initial;
            var version = state?.Version ?? 0;
            context.Response.Headers.ETag = EntityTags.For(version);
            return Results.Ok(new
            {
                orderId,
                status,
                version,
                exists = state is not null,
                workflow = workflow.Name,
                transitions = workflow.Next(status, isNew: state is null)
                    .Select(n => new { n.Status, n.AdminOnly, allowed = !n.AdminOnly || caller.IsAdmin }),
            });
        });

        group.MapGet("/{orderId}", async (HttpContext context, string orderId, OrderStore orders) =>
        {
            if (!OrderIds.IsValid(orderId) || await orders.GetAsync(context.Caller().TenantId, orderId) is not { } order)
            {
                return Problem.NotFound("order");
            }

            context.Response.Headers.ETag = EntityTags.For(order.Version);
            return Results.Ok(order);
        });

        app.MapOrderWorkflow();
        return app;
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, string orderId, bool forced, WorkflowStore workflows, OrderStatusService service, TenantRateLimiter limiter)
    {
        var caller = context.Caller();
        if (forced && !caller.IsAdmin)
        {
            return Problem.Forbidden("An override needs the operator's admin key or a tenant key with scope 'admin'.");
        }

        if (!OrderIds.IsValid(orderId))
        {
            return Problem.BadRequest(OrderIds.Rule);
        }

        if (!EntityTags.TryReadIfMatch(context.Request, out var ifMatch))
        {
            return Problem.BadRequest("If-Match takes one entity tag: the order's version, as in '\"3\"'.");
        }

        var (document, error) = await RequestJson.ReadObjectAsync(context.Request, MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        using var _ = document;
        if (RequestJson.RefuseUnknownFields(document!.RootElement, "a status change", ["status", "message", "notify", "customer", "items"]) is { } unknown)
        {
            return unknown;
        }

        var (request, errors) = StatusRequest.Parse(document.RootElement);
        if (request is null)
        {
            return Problem.Validation("The status change is not valid.", errors);
        }

        var (workflow, _) = await workflows.GetAsync(caller.TenantId);
        if (!workflow.HasStatus(request.Status))
        {
            return Problem.Validation("/status", $"'{request.Status}' is not a status of the workflow '{workflow.Name}'; its statuses are: {string.Join(", ", workflow.Statuses)}.");
        }

        if (request.Notify && await limiter.TryAcquireAsync(caller.TenantId, 1) is { Allowed: false } refused)
        {
            context.Response.Headers.RetryAfter = refused.RetryAfterSeconds;
            return Problem.Create(StatusCodes.Status429TooManyRequests, "Too many requests", "This tenant's event rate limit is reached; retry after the Retry-After delay.");
        }

        var update = await service.ChangeAsync(caller, orderId, workflow, request, ifMatch, forced);
        return StatusResults.From(context, orderId, caller, workflow, request, forced, update);
    }
}

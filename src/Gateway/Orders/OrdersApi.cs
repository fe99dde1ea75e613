using Gateway.ApiDocs;
using Gateway.Ingestion;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Orders;

/// <summary><c>/v1/orders/{orderId}</c>: an order's status, its transitions, its history and the admin override.</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/orders").RequireTenantOrOperator().WithTags("Orders");
        group.MapPut("/{orderId}/status", ChangeStatusAsync)
            .WithSummary("Move an order to a status (optional If-Match); emits order.statusChanged unless notify is false.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status429TooManyRequests);
        group.MapPut("/{orderId}/status/override", OverrideStatusAsync)
            .WithSummary("Force a status (admin key or admin-scoped tenant key).")
            .ProducesProblems(StatusCodes.Status412PreconditionFailed, StatusCodes.Status429TooManyRequests);
        group.MapGet("/{orderId}/status/transitions", GetTransitionsAsync)
            .WithSummary("The order's status and the statuses allowed next.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/{orderId}", GetAsync)
            .WithSummary("The order: status, version and history.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapOrderWorkflow();
        return app;
    }

    private static Task<Results<Ok<StatusResponse>, ProblemHttpResult>> ChangeStatusAsync(
        HttpContext context, string orderId, StatusChangeRequest request, WorkflowStore workflows, OrderStatusService service, TenantRateLimiter limiter) =>
        ChangeAsync(context, orderId, request.ToStatusRequest(), forced: false, workflows, service, limiter);

    private static Task<Results<Ok<StatusResponse>, ProblemHttpResult>> OverrideStatusAsync(
        HttpContext context, string orderId, StatusChangeRequest request, WorkflowStore workflows, OrderStatusService service, TenantRateLimiter limiter) =>
        ChangeAsync(context, orderId, request.ToStatusRequest(), forced: true, workflows, service, limiter);

    private static async Task<Results<Ok<TransitionsView>, ProblemHttpResult>> GetTransitionsAsync(
        HttpContext context, string orderId, WorkflowStore workflows, OrderStore orders)
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
        var next = workflow.Next(status, isNew: state is null).Select(n => new NextStatusView(n.Status, n.AdminOnly, Allowed: !n.AdminOnly || caller.IsAdmin));
        return TypedResults.Ok(new TransitionsView(orderId, status, version, Exists: state is not null, workflow.Name, [.. next]));
    }

    private static async Task<Results<Ok<OrderRecord>, ProblemHttpResult>> GetAsync(HttpContext context, string orderId, OrderStore orders)
    {
        if (!OrderIds.IsValid(orderId) || await orders.GetAsync(context.Caller().TenantId, orderId) is not { } order)
        {
            return Problem.NotFound("order");
        }

        context.Response.Headers.ETag = EntityTags.For(order.Version);
        return TypedResults.Ok(order);
    }

    private static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> ChangeAsync(
        HttpContext context, string orderId, StatusRequest request, bool forced, WorkflowStore workflows, OrderStatusService service, TenantRateLimiter limiter)
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

using Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Orders;

/// <summary>The HTTP answer to a status change.</summary>
public static class StatusResults
{
    public static Results<Ok<StatusResponse>, ProblemHttpResult> From(HttpContext context, string orderId, OrderCaller caller, OrderWorkflow workflow, StatusRequest request, bool forced, StatusUpdate update)
    {
        var change = update.Change;
        context.Response.Headers.ETag = EntityTags.For(change.Version);
        var isNew = change.Version == 0;
        switch (change.Outcome)
        {
            case StatusChangeOutcome.PreconditionFailed:
                return Problem.Create(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                    $"If-Match does not name the order's current version ({change.Version}).",
                    new Dictionary<string, object?> { ["currentVersion"] = change.Version });

            case StatusChangeOutcome.Forbidden:
                return Problem.Forbidden($"'{change.From}' → '{request.Status}' is an admin-only transition: it needs the operator's admin key or a tenant key with scope 'admin'.");

            case StatusChangeOutcome.Conflict:
                var allowed = workflow.Next(change.From!, isNew).Where(n => !n.AdminOnly || caller.IsAdmin).Select(n => n.Status).ToList();
                var where = isNew ? $"A new order starts at '{workflow.Initial}'" : $"The order is '{change.From}'";
                var next = allowed.Count > 0 ? "allowed next: " + string.Join(", ", allowed.Select(s => $"'{s}'")) : "no status is allowed next (an admin can override)";
                return Problem.Conflict($"{where}; '{request.Status}' is not allowed from there; {next}.", new Dictionary<string, object?>
                {
                    ["currentStatus"] = change.From,
                    ["currentVersion"] = change.Version,
                    ["allowed"] = allowed,
                });

            case StatusChangeOutcome.MissingDetails:
                var missing = new List<FieldError>();
                const string why = "is required the first time an order's status change is notified (give it now or with an earlier change, or send notify: false).";
                if (request.CustomerJson is null)
                {
                    missing.Add(new FieldError("/customer", "customer " + why));
                }

                if (request.ItemsJson is null)
                {
                    missing.Add(new FieldError("/items", "items " + why));
                }

                return Problem.Validation("The status-changed event needs the order's customer and items.", missing);
        }

        if (update.RefusedEvent is { } refused)
        {
            return Problem.Create(StatusCodes.Status500InternalServerError, "Event not emitted",
                $"The status change was recorded as version {change.Version}, but its event was refused: {refused.Detail}",
                new Dictionary<string, object?> { ["version"] = change.Version, ["errors"] = refused.Errors });
        }

        return TypedResults.Ok(new StatusResponse(orderId, request.Status, change.Version, change.From, request.Notify, update.EventId)
        {
            Forced = forced ? true : null,
        });
    }
}

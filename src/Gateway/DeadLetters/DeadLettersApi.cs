using Gateway.ApiDocs;
using Gateway.Delivery.DeadLetters;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.DeadLetters;

/// <summary><c>/v1/dead-letters</c> and the per-endpoint forms: inspect, replay (one or all), delete.</summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant().WithTags("Dead letters");
        group.MapGet("/dead-letters", ListAsync)
            .WithSummary("Dead letters, newest first (per endpoint with a cursor).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/dead-letters/{id}", GetAsync)
            .WithSummary("One dead letter with its body and last error.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapDelete("/dead-letters/{id}", DeleteAsync)
            .WithSummary("Delete a dead letter.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/dead-letters/{id}/replay", ReplayAsync)
            .WithSummary("Replay one dead letter (same webhook-id, fresh attempts).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/endpoints/{endpointId}/dead-letters", ListForEndpointAsync)
            .WithSummary("An endpoint's dead letters.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/endpoints/{endpointId}/dead-letters/replay", ReplayAllAsync)
            .WithSummary("Replay every dead letter of an endpoint.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<DeadLetterPage>, ProblemHttpResult>> ListAsync(
        HttpContext context, string? endpointId, int? limit, string? cursor, DeadLetterService deadLetters, EndpointStore endpoints)
    {
        var tenantId = context.Tenant().TenantId;
        if (Limit(limit) is not { } take)
        {
            return Problem.Validation("/limit", "limit must be from 1 to 500.");
        }

        if (cursor is not null && (endpointId is null || !ValidCursor(cursor)))
        {
            return Problem.Validation("/cursor", "cursor must be a nextCursor returned by this API, for the same endpointId.");
        }

        if (endpointId is not null)
        {
            return await endpoints.GetForTenantAsync(tenantId, endpointId) is null
                ? Problem.NotFound("endpoint")
                : TypedResults.Ok(await deadLetters.ListAsync(endpointId, take, cursor));
        }

        // Across endpoints: the newest of each, merged (no cursor across endpoints; page per endpoint for more).
        var all = new List<DeadLetter>();
        foreach (var snapshot in await endpoints.ForTenantAsync(tenantId))
        {
            all.AddRange((await deadLetters.ListAsync(snapshot.Endpoint.Id, take, null)).Data);
        }

        return TypedResults.Ok(new DeadLetterPage([.. all.OrderByDescending(d => d.DeadAt).Take(take)], null));
    }

    private static async Task<Results<Ok<DeadLetter>, ProblemHttpResult>> GetAsync(HttpContext context, string id, DeadLetterService deadLetters) =>
        await deadLetters.FindAsync(context.Tenant().TenantId, id) is { } letter ? TypedResults.Ok(letter) : Problem.NotFound("dead letter");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, string id, DeadLetterService deadLetters) =>
        await deadLetters.FindAsync(context.Tenant().TenantId, id) is { } letter && await deadLetters.DeleteAsync(letter.EndpointId, id)
            ? TypedResults.NoContent()
            : Problem.NotFound("dead letter");

    private static async Task<Results<Accepted<ReplayResult>, ProblemHttpResult>> ReplayAsync(HttpContext context, string id, DeadLetterService deadLetters)
    {
        var tenantId = context.Tenant().TenantId;
        if (await deadLetters.FindAsync(tenantId, id) is not { } letter)
        {
            return Problem.NotFound("dead letter");
        }

        return await deadLetters.ReplayAsync(tenantId, letter)
            ? TypedResults.Accepted((string?)null, new ReplayResult(1, id, letter.EndpointId))
            : Problem.Conflict("The dead letter was replayed or deleted meanwhile.");
    }

    private static async Task<Results<Ok<DeadLetterPage>, ProblemHttpResult>> ListForEndpointAsync(
        HttpContext context, string endpointId, int? limit, string? cursor, DeadLetterService deadLetters, EndpointStore endpoints)
    {
        if (Limit(limit) is not { } take)
        {
            return Problem.Validation("/limit", "limit must be from 1 to 500.");
        }

        if (cursor is not null && !ValidCursor(cursor))
        {
            return Problem.Validation("/cursor", "cursor must be a nextCursor returned by this API.");
        }

        return await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null
            ? Problem.NotFound("endpoint")
            : TypedResults.Ok(await deadLetters.ListAsync(endpointId, take, cursor));
    }

    private static async Task<Results<Accepted<ReplayResult>, ProblemHttpResult>> ReplayAllAsync(
        HttpContext context, string endpointId, DeadLetterService deadLetters, EndpointStore endpoints)
    {
        var tenantId = context.Tenant().TenantId;
        return await endpoints.GetForTenantAsync(tenantId, endpointId) is null
            ? Problem.NotFound("endpoint")
            : TypedResults.Accepted((string?)null, new ReplayResult(await deadLetters.ReplayAllAsync(tenantId, endpointId), null, endpointId));
    }

    private static bool ValidCursor(string cursor) =>
        double.TryParse(cursor, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score) && double.IsFinite(score);

    internal static int? Limit(int? limit) => limit is null ? 50 : limit is >= 1 and <= 500 ? limit : null;
}

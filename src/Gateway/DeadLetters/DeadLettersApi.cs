using Gateway.Delivery.DeadLetters;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.DeadLetters;

/// <summary><c>/v1/dead-letters</c> and the per-endpoint forms: inspect, replay (one or all), delete.</summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant();

        group.MapGet("/dead-letters", async (HttpContext context, string? endpointId, int? limit, string? cursor, DeadLetterService deadLetters, EndpointStore endpoints) =>
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
                    : Results.Ok(await deadLetters.ListAsync(endpointId, take, cursor));
            }

            // Across endpoints: the newest of each, merged (no cursor across endpoints; page per endpoint for more).
            var all = new List<DeadLetter>();
            foreach (var snapshot in await endpoints.ForTenantAsync(tenantId))
            {
                all.AddRange((await deadLetters.ListAsync(snapshot.Endpoint.Id, take, null)).Data);
            }

            return Results.Ok(new DeadLetterPage([.. all.OrderByDescending(d => d.DeadAt).Take(take)], null));
        });

        group.MapGet("/dead-letters/{id}", async (HttpContext context, string id, DeadLetterService deadLetters) =>
            await deadLetters.FindAsync(context.Tenant().TenantId, id) is { } letter ? Results.Ok(letter) : Problem.NotFound("dead letter"));

        group.MapPost("/dead-letters/{id}/replay", async (HttpContext context, string id, DeadLetterService deadLetters) =>
        {
            var tenantId = context.Tenant().TenantId;
            if (await deadLetters.FindAsync(tenantId, id) is not { } letter)
            {
                return Problem.NotFound("dead letter");
            }

            return await deadLetters.ReplayAsync(tenantId, letter)
                ? Results.Accepted(value: new { replayed = 1, id, endpointId = letter.EndpointId })
                : Problem.Conflict("The dead letter was replayed or deleted meanwhile.");
        });

        group.MapDelete("/dead-letters/{id}", async (HttpContext context, string id, DeadLetterService deadLetters) =>
            await deadLetters.FindAsync(context.Tenant().TenantId, id) is { } letter && await deadLetters.DeleteAsync(letter.EndpointId, id)
                ? Results.NoContent()
                : Problem.NotFound("dead letter"));

        group.MapGet("/endpoints/{endpointId}/dead-letters", async (HttpContext context, string endpointId, int? limit, string? cursor, DeadLetterService deadLetters, EndpointStore endpoints) =>
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
                : Results.Ok(await deadLetters.ListAsync(endpointId, take, cursor));
        });

        group.MapPost("/endpoints/{endpointId}/dead-letters/replay", async (HttpContext context, string endpointId, DeadLetterService deadLetters, EndpointStore endpoints) =>
        {
            var tenantId = context.Tenant().TenantId;
            return await endpoints.GetForTenantAsync(tenantId, endpointId) is null
                ? Problem.NotFound("endpoint")
                : Results.Accepted(value: new { replayed = await deadLetters.ReplayAllAsync(tenantId, endpointId), endpointId });
        });

        return app;
    }

    private static bool ValidCursor(string cursor) =>
        double.TryParse(cursor, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score) && double.IsFinite(score);

    internal static int? Limit(int? limit) => limit is null ? 50 : limit is >= 1 and <= 500 ? limit : null;
}

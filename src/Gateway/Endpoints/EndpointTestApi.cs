using System.Text;
using System.Text.Json;
using Gateway.ApiDocs;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Storage;
using Gateway.Ingestion;
using Gateway.Problems;
using Gateway.Schemas;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/endpoints/{id}/test</c>: sends one event to this endpoint alone, through the ingestion path (schema,
/// filter, queue, signed delivery), so the result is what a real event would get. The body is the event document, or
/// the type's example when only <c>eventType</c> is given.
/// </summary>
public static class EndpointTestApi
{
    public static IEndpointRouteBuilder MapEndpointTest(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/endpoints").RequireTenant().WithTags("Endpoints")
            .MapPost("/{id}/test", SendAsync)
            .WithSummary("Send a test event to this endpoint alone (the type's example, or a given payload), through its rules.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Accepted<TestEventResult>, ProblemHttpResult>> SendAsync(
        HttpContext context, string id, TestEventRequest request, EndpointStore endpoints, EventTypeRegistry types, EventIngestor ingestor, TimeProvider time)
    {
        var tenantId = context.Tenant().TenantId;
        if (await endpoints.GetForTenantAsync(tenantId, id) is null || await endpoints.GetAsync(id) is not { } snapshot)
        {
            return Problem.NotFound("endpoint");
        }

        if (snapshot.Endpoint.Disabled)
        {
            return Problem.Conflict("The endpoint is disabled; enable it to send a test event.");
        }

        string json;
        if (request.Payload is { } payload)
        {
            if (payload.ValueKind != JsonValueKind.Object)
            {
                return Problem.Validation("/payload", "payload must be an event document (a JSON object).");
            }

            json = payload.GetRawText();
        }
        else if (request.EventType is { } type && await types.FindAsync(tenantId, type) is { } schema)
        {
            json = ExampleBuilder.Build(schema.SchemaElement, time.GetUtcNow())!.ToJsonString();
        }
        else
        {
            return Problem.Validation("/eventType", "Give a known eventType (its example is sent) or a payload.");
        }

        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        var eventType = $"{Text(root, "subject")}.{Text(root, "type")}";
        if (!EventTypeMatcher.MatchesAny(snapshot.Endpoint.EventTypes, eventType))
        {
            return Problem.Validation("/payload/type", $"This endpoint does not subscribe to '{eventType}'; it takes {string.Join(", ", snapshot.Endpoint.EventTypes)}.");
        }

        var filteredBy = snapshot.Accepts(eventType, root, out var rule) ? null : rule ?? "filter";
        var result = await ingestor.IngestAsync(tenantId, Encoding.UTF8.GetBytes(json), idempotencyKey: null, onlyEndpointId: id);
        if (!result.IsAccepted)
        {
            return Problem.Create(result.Status, result.Title!, result.Detail, result.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = result.Errors });
        }

        return TypedResults.Accepted((string?)null, new TestEventResult(
            result.EventId!, eventType, filteredBy is null ? Ids.Message(result.EventId!, id) : null, filteredBy is null, filteredBy));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

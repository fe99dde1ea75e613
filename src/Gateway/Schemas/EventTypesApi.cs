using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.ApiDocs;
using Gateway.Hosting;
using Gateway.Ingestion;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Schemas;

/// <summary><c>/v1/event-types</c>: the catalog with schemas, and a tenant's own types.</summary>
public static class EventTypesApi
{
    public static IEndpointRouteBuilder MapEventTypes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/event-types").RequireTenant().WithTags("Event types");
        // The answer is written from bytes kept with each schema, so its shape is declared here rather than inferred.
        group.MapGet("/", ListAsync)
            .WithSummary("The catalog: every event type with its JSON Schema.")
            .Produces<ListOf<EventTypeView>>();
        group.MapGet("/{name}", GetAsync)
            .WithSummary("One event type with its JSON Schema.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        // The example is built as a JSON tree from the schema; what it is, is an event document.
        group.MapGet("/{name}/example", ExampleAsync)
            .WithSummary("An example document of the type, built from its schema.")
            .Produces<EventDocument>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync)
            .WithSummary("Register a custom event type with its JSON Schema.")
            .ProducesProblems(StatusCodes.Status409Conflict);
        group.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Delete a custom event type.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<FileContentHttpResult> ListAsync(HttpContext context, EventTypeRegistry registry)
    {
        // Each entry is serialised once per schema and kept with it: a listing copies bytes, it does not write
        // every schema out again on every call.
        var types = await registry.ListAsync(context.Tenant().TenantId);
        var body = new ArrayBufferWriter<byte>();
        body.Write("{\"data\":["u8);
        for (var i = 0; i < types.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(types[i].Schema.ListingEntry(types[i].BuiltIn).Span);
        }

        body.Write("]}"u8);
        return TypedResults.Bytes(body.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    private static async Task<Results<Ok<EventTypeView>, ProblemHttpResult>> GetAsync(HttpContext context, string name, EventTypeRegistry registry) =>
        await registry.FindAsync(context.Tenant().TenantId, name) is { } schema
            ? TypedResults.Ok(new EventTypeView(schema.Name, schema.Description, registry.IsBuiltIn(name), schema.SchemaElement))
            : Problem.NotFound("event type");

    private static async Task<Results<Ok<JsonNode?>, ProblemHttpResult>> ExampleAsync(HttpContext context, string name, EventTypeRegistry registry, TimeProvider time) =>
        await registry.FindAsync(context.Tenant().TenantId, name) is { } schema
            ? TypedResults.Ok<JsonNode?>(ExampleBuilder.Build(schema.SchemaElement, time.GetUtcNow()))
            : Problem.NotFound("event type");

    private static async Task<Results<Created<EventTypeView>, ProblemHttpResult>> CreateAsync(
        HttpContext context, CreateEventTypeRequest request, EventTypeRegistry registry, TimeProvider time)
    {
        var name = request.Name!.Trim();
        if (registry.IsBuiltIn(name))
        {
            return Problem.Conflict($"'{name}' is a built-in event type.");
        }

        if (request.Schema is not { ValueKind: JsonValueKind.Object } schemaElement)
        {
            return Problem.Validation("/schema", "schema is required and must be a JSON Schema object.");
        }

        if (SchemaBounds.Check(schemaElement) is { Count: > 0 } tooCostly)
        {
            return Problem.Validation("The schema is over the bounds of a tenant's schema.", [.. tooCostly.Select(p => new FieldError("/schema" + p.Path, p.Message))]);
        }

        try
        {
            await EventTypeSchema.FromJsonAsync(name, schemaElement.GetRawText());
        }
        catch (SchemaDefinitionException ex) when (ex.Problems.Count > 0)
        {
            return Problem.Validation(ex.Message, [.. ex.Problems.Select(p => new FieldError("/schema" + p.Path, p.Message))]);
        }
        catch (SchemaDefinitionException ex)
        {
            return Problem.Validation("/schema", ex.Message);
        }

        var type = new CustomEventType(name, request.Description, schemaElement.Clone(), time.GetUtcNow());
        await registry.SaveCustomAsync(context.Tenant().TenantId, type);
        return TypedResults.Created($"/v1/event-types/{name}", new EventTypeView(name, type.Description, false, type.Schema));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, string name, EventTypeRegistry registry) =>
        registry.IsBuiltIn(name)
            ? Problem.Conflict($"'{name}' is a built-in event type.")
            : await registry.DeleteCustomAsync(context.Tenant().TenantId, name) ? TypedResults.NoContent() : Problem.NotFound("event type");
}

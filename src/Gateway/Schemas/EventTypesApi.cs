using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Schemas;

/// <summary><c>/v1/event-types</c>: the catalog with schemas, and a tenant's own types.</summary>
public static partial class EventTypesApi
{
    public static IEndpointRouteBuilder MapEventTypes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/event-types").RequireTenant();

        group.MapGet("/", async (HttpContext context, EventTypeRegistry registry) =>
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
            return Results.Bytes(body.WrittenMemory.ToArray(), "application/json; charset=utf-8");
        });

        group.MapGet("/{name}", async (HttpContext context, string name, EventTypeRegistry registry) =>
            await registry.FindAsync(context.Tenant().TenantId, name) is { } schema
                ? Results.Ok(new { name = schema.Name, description = schema.Description, builtIn = registry.IsBuiltIn(name), schema = schema.SchemaElement })
                : Problem.NotFound("event type"));

        // An example document of the type, built from its schema: where a test event starts.
        group.MapGet("/{name}/example", async (HttpContext context, string name, EventTypeRegistry registry, TimeProvider time) =>
            await registry.FindAsync(context.Tenant().TenantId, name) is { } schema
                ? Results.Ok(ExampleBuilder.Build(schema.SchemaElement, time.GetUtcNow()))
                : Problem.NotFound("event type"));

        group.MapPost("/", async (HttpContext context, EventTypeRegistry registry, TimeProvider time) =>
        {
            var (request, error) = await RequestJson.ReadAsync<CreateEventTypeRequest>(context.Request);
            if (error is not null)
            {
                return error;
            }

            var name = request?.Name?.Trim();
            if (string.IsNullOrEmpty(name) || !TypeName().IsMatch(name))
            {
                return Problem.Validation("/name", "name is '<subject>.<type>' of letters, digits, '_' or '-', e.g. 'invoice.paid'.");
            }

            if (registry.IsBuiltIn(name))
            {
                return Problem.Conflict($"'{name}' is a built-in event type.");
            }

            if (request!.Schema is not { ValueKind: JsonValueKind.Object } schemaElement)
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
            return Results.Created($"/v1/event-types/{name}", new { name, description = type.Description, builtIn = false, schema = type.Schema });
        });

        group.MapDelete("/{name}", async (HttpContext context, string name, EventTypeRegistry registry) =>
            registry.IsBuiltIn(name)
                ? Problem.Conflict($"'{name}' is a built-in event type.")
                : await registry.DeleteCustomAsync(context.Tenant().TenantId, name) ? Results.NoContent() : Problem.NotFound("event type"));

        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){1,3}$")]
    private static partial Regex TypeName();
}

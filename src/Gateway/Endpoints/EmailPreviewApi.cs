using System.Text.Json;
using Gateway.Delivery.Dispatch.Email;
using Gateway.Delivery.Endpoints;
using Gateway.Orders;
using Gateway.Problems;
using Gateway.Schemas;
using Gateway.Tenants;
using MimeKit;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/endpoints/preview</c> (draft settings) and <c>POST /v1/endpoints/{id}/preview</c> (an e-mail endpoint's
/// own, or a draft of them): the e-mail one event makes, rendered by the composer the workers send with, in the same
/// sandbox and bounds. The event is the type's example unless a payload is given; the endpoint's item cap applies.
/// Nothing is sent.
/// </summary>
public static class EmailPreviewApi
{
    private static readonly string[] s_draftFields = ["email", "eventType", "payload", "maxItems"];
    private static readonly string[] s_endpointFields = ["email", "eventType", "payload"];

    public static IEndpointRouteBuilder MapEmailPreview(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/endpoints").RequireTenant();
        group.MapPost("/preview", PreviewDraftAsync);
        group.MapPost("/{id}/preview", PreviewEndpointAsync);
        return app;
    }

    private static async Task<IResult> PreviewDraftAsync(HttpContext context, EventTypeRegistry types, EmailComposer composer, TimeProvider time)
    {
        var (document, error) = await RequestJson.ReadObjectAsync(context.Request);
        if (error is not null)
        {
            return error;
        }

        using var _ = document;
        var request = document!.RootElement;
        if (RequestJson.RefuseUnknownFields(request, "an e-mail preview", s_draftFields) is { } unknown)
        {
            return unknown;
        }

        var errors = new List<FieldError>();
        var draft = ReadEmail(request, errors, required: true);
        int? maxItems = null;
        if (request.TryGetProperty("maxItems", out var cap) && cap.ValueKind != JsonValueKind.Null)
        {
            maxItems = cap.ValueKind == JsonValueKind.Number && cap.TryGetInt32(out var n) && n is >= 0 and <= 100_000 ? n
                : Add<int?>(errors, "/maxItems", "maxItems must be a whole number from 0 to 100000, or null.");
        }

        return await PreviewAsync(context, request, draft.Email, draft.Injection, errors, maxItems, [], types, composer, time);
    }

    private static async Task<IResult> PreviewEndpointAsync(HttpContext context, string id, EndpointStore endpoints, EventTypeRegistry types, EmailComposer composer, TimeProvider time)
    {
        var tenantId = context.Tenant().TenantId;
        if (await endpoints.GetForTenantAsync(tenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        var (document, error) = await RequestJson.ReadObjectAsync(context.Request);
        if (error is not null)
        {
            return error;
        }

        using var _ = document;
        var request = document!.RootElement;
        if (RequestJson.RefuseUnknownFields(request, "an endpoint's e-mail preview", s_endpointFields) is { } unknown)
        {
            return unknown;
        }

        var errors = new List<FieldError>();
        if (endpoint.Kind != DestinationKind.Email)
        {
            errors.Add(new FieldError("/email", $"this endpoint is of kind {DestinationInput.KindName(endpoint.Kind)}: only e-mail endpoints have templates to preview."));
        }

        var draft = ReadEmail(request, errors, required: false);
        return await PreviewAsync(context, request, draft.Email ?? endpoint.Email, draft.Injection, errors, endpoint.MaxItems, endpoint.EventTypes, types, composer, time);
    }

    private static async Task<IResult> PreviewAsync(
        HttpContext context, JsonElement request, EmailDestination? email, bool injection, List<FieldError> errors, int? maxItems,
        IReadOnlyList<string> subscribed, EventTypeRegistry types, EmailComposer composer, TimeProvider time)
    {
        var (eventType, body) = await EventAsync(context.Tenant().TenantId, request, subscribed, types, time, errors);
        if (errors.Count > 0 || email is null || body is null)
        {
            return injection
                ? Problem.Create(StatusCodes.Status400BadRequest, "Bad request", "A line break in an address or subject would inject a mail header.", new Dictionary<string, object?> { ["errors"] = errors })
                : Problem.Validation("The preview cannot be rendered.", errors);
        }

        using var parsed = JsonDocument.Parse(OrderItemsCap.Cap(body, maxItems));
        try
        {
            var rendered = await composer.RenderAsync(email, parsed.RootElement, context.RequestAborted);
            return Results.Ok(new
            {
                eventType,
                from = rendered.From.ToString(),
                to = Addresses(rendered.To),
                cc = Addresses(rendered.Cc),
                bcc = Addresses(rendered.Bcc),
                rendered.Subject,
                rendered.Text,
                rendered.Html,
            });
        }
        catch (UnsendableException ex)
        {
            return Problem.Validation(ex.Field is { } field ? $"/email/{field}" : "/payload", ex.Message);
        }
    }

    /// <summary>The event to render: the payload given, else the example of the type given, else of the first known type the endpoint takes.</summary>
    private static async Task<(string? EventType, byte[]? Body)> EventAsync(
        string tenantId, JsonElement request, IReadOnlyList<string> subscribed, EventTypeRegistry types, TimeProvider time, List<FieldError> errors)
    {
        if (request.TryGetProperty("payload", out var payload))
        {
            if (payload.ValueKind != JsonValueKind.Object)
            {
                return (Add(errors, "/payload", "payload must be an event document (a JSON object)."), null);
            }

            var subject = payload.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var type = payload.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (subject is null || type is null ? null : $"{subject}.{type}", JsonSerializer.SerializeToUtf8Bytes(payload));
        }

        string? name;
        if (request.TryGetProperty("eventType", out var given))
        {
            name = given.ValueKind == JsonValueKind.String ? given.GetString() : null;
        }
        else
        {
            var known = await types.NamesAsync(tenantId);
            name = known.Order(StringComparer.Ordinal).FirstOrDefault(n => EventTypeMatcher.MatchesAny(subscribed, n));
        }

        if (name is null || await types.FindAsync(tenantId, name) is not { } schema)
        {
            return (Add(errors, "/eventType", "Give a known eventType (its example is rendered) or a payload."), null);
        }

        return (name, JsonSerializer.SerializeToUtf8Bytes(ExampleBuilder.Build(schema.SchemaElement, time.GetUtcNow())));
    }

    private static (EmailDestination? Email, bool Injection) ReadEmail(JsonElement request, List<FieldError> errors, bool required)
    {
        if (!request.TryGetProperty("email", out var value))
        {
            if (required)
            {
                errors.Add(new FieldError("/email", "email is required: {\"from\", \"to\": [...], \"subject\", \"text\"?, \"html\"?}, as an endpoint takes it."));
            }

            return (null, false);
        }

        // The same checks as creating the endpoint: a draft that previews is a draft that saves.
        var input = new DestinationInput(errors);
        input.ReadEmail(value, "/email");
        return (input.Email, input.Injection);
    }

    private static string[] Addresses(IReadOnlyList<MailboxAddress> list) => [.. list.Select(a => a.ToString())];

    private static T? Add<T>(List<FieldError> errors, string path, string message)
    {
        errors.Add(new FieldError(path, message));
        return default;
    }

    private static string? Add(List<FieldError> errors, string path, string message) => Add<string>(errors, path, message);
}

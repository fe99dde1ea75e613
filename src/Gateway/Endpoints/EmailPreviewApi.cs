using System.Text.Json;
using Gateway.ApiDocs;
using Gateway.Delivery.Dispatch.Email;
using Gateway.Delivery.Endpoints;
using Gateway.Orders;
using Gateway.Problems;
using Gateway.Schemas;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public static IEndpointRouteBuilder MapEmailPreview(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/endpoints").RequireTenant().WithTags("Endpoints");
        group.MapPost("/preview", PreviewDraftAsync)
            .WithSummary("Render draft e-mail settings over an event type's example (or a payload) in the sandbox a send uses: subject, bodies, resolved recipients; nothing is sent.");
        group.MapPost("/{id}/preview", PreviewEndpointAsync)
            .WithSummary("Render an e-mail endpoint's templates (or a draft of them) over an event type's example (or a payload), with its item cap; nothing is sent.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static Task<Results<Ok<EmailPreview>, ProblemHttpResult>> PreviewDraftAsync(
        HttpContext context, DraftPreviewInput input, EventTypeRegistry types, EmailComposer composer, TimeProvider time) =>
        PreviewAsync(context, input, input.Email, input.MaxOrderItems, [], types, composer, time);

    private static async Task<Results<Ok<EmailPreview>, ProblemHttpResult>> PreviewEndpointAsync(
        HttpContext context, string id, EndpointPreviewInput input, EndpointStore endpoints, EventTypeRegistry types, EmailComposer composer, TimeProvider time)
    {
        var tenantId = context.Tenant().TenantId;
        if (await endpoints.GetForTenantAsync(tenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        if (endpoint.Kind != DestinationKind.Email)
        {
            input.Errors.Insert(0, new FieldError("/email", $"this endpoint is of kind {DestinationInput.KindName(endpoint.Kind)}: only e-mail endpoints have templates to preview."));
        }

        return await PreviewAsync(context, input, input.Email ?? endpoint.Email, endpoint.MaxOrderItems, endpoint.EventTypes, types, composer, time);
    }

    private static async Task<Results<Ok<EmailPreview>, ProblemHttpResult>> PreviewAsync(
        HttpContext context, EmailPreviewInput input, EmailDestination? email, int? maxOrderItems,
        IReadOnlyList<string> subscribed, EventTypeRegistry types, EmailComposer composer, TimeProvider time)
    {
        var errors = input.Errors;
        var (eventType, body) = await EventAsync(context.Tenant().TenantId, input, subscribed, types, time, errors);
        if (errors.Count > 0 || email is null || body is null)
        {
            return input.Rejected();
        }

        using var parsed = JsonDocument.Parse(OrderItemsCap.Cap(body, maxOrderItems));
        try
        {
            var rendered = await composer.RenderAsync(email, parsed.RootElement, context.RequestAborted);
            return TypedResults.Ok(new EmailPreview(
                eventType, rendered.From.ToString(), Addresses(rendered.To), Addresses(rendered.Cc), Addresses(rendered.Bcc), rendered.Subject, rendered.Text, rendered.Html));
        }
        catch (UnsendableException ex)
        {
            return Problem.Validation(ex.Field is { } field ? $"/email/{field}" : "/payload", ex.Message);
        }
    }

    /// <summary>The event to render: the payload given, else the example of the type given, else of the first known type the endpoint takes.</summary>
    private static async Task<(string? EventType, byte[]? Body)> EventAsync(
        string tenantId, EmailPreviewInput input, IReadOnlyList<string> subscribed, EventTypeRegistry types, TimeProvider time, List<FieldError> errors)
    {
        if (input.Payload is { } payload)
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
        if (input.HasEventType)
        {
            name = input.EventType;
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

    private static string[] Addresses(IReadOnlyList<MailboxAddress> list) => [.. list.Select(a => a.ToString())];

    private static string? Add(List<FieldError> errors, string path, string message)
    {
        errors.Add(new FieldError(path, message));
        return null;
    }
}

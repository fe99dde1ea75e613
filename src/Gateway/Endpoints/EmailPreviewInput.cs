using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Endpoints;

/// <summary>
/// The body of an e-mail preview (<see cref="DraftPreviewInput"/>, <see cref="EndpointPreviewInput"/>): draft settings
/// checked as creating the endpoint checks them, the event to render, the item cap. Binding refuses a body that is not
/// a JSON object and a field the request does not have; the field errors are carried to the handler, which adds those
/// that need the tenant's event types or the stored endpoint and answers them all in one problem.
/// </summary>
public abstract class EmailPreviewInput
{
    /// <summary>The draft settings; null when none were given or they are not valid.</summary>
    public EmailDestination? Email { get; private set; }

    /// <summary>An address or subject held CR/LF: answered 400, not 422.</summary>
    public bool Injection { get; private set; }

    public bool HasEventType { get; private set; }

    /// <summary>The type whose example is rendered; null when <see cref="HasEventType"/> and it was not a string.</summary>
    public string? EventType { get; private set; }

    /// <summary>The event document given, as given (any JSON value).</summary>
    public JsonElement? Payload { get; private set; }

    public int? MaxOrderItems { get; private set; }

    public List<FieldError> Errors { get; } = [];

    /// <summary>What cannot be rendered, each at its pointer: 422, or 400 when a line break would inject a mail header.</summary>
    public ProblemHttpResult Rejected() =>
        Injection
            ? Problem.Create(StatusCodes.Status400BadRequest, "Bad request", "A line break in an address or subject would inject a mail header.", new Dictionary<string, object?> { ["errors"] = Errors })
            : Problem.Validation("The preview cannot be rendered.", Errors);

    private protected static async ValueTask<T?> BindAsync<T>(HttpContext context, T input, string what, IReadOnlyCollection<string> fields, bool isDraft)
        where T : EmailPreviewInput
    {
        using (var document = await RequestJson.ReadBoundObjectAsync(context.Request))
        {
            var body = document.RootElement;
            if (RequestJson.RefuseUnknownFields(body, what, fields) is { } unknown)
            {
                throw new RejectedRequestException(unknown);
            }

            input.Read(body, isDraft);
        }

        return input;
    }

    private void Read(JsonElement body, bool isDraft)
    {
        if (body.TryGetProperty("email", out var email))
        {
            // The same checks as creating the endpoint: a draft that previews is a draft that saves.
            var destination = new DestinationInput(Errors);
            destination.ReadEmail(email, "/email");
            (Email, Injection) = (destination.Email, destination.Injection);
        }
        else if (isDraft)
        {
            Errors.Add(new FieldError("/email", "email is required: {\"from\", \"to\": [...], \"subject\", \"text\"?, \"html\"?}, as an endpoint takes it."));
        }

        var capName = body.TryGetProperty("maxOrderItems", out _) ? "maxOrderItems" : "maxItems"; // maxItems: its first name, still read
        if (isDraft && body.TryGetProperty(capName, out var cap) && cap.ValueKind != JsonValueKind.Null)
        {
            if (cap.ValueKind == JsonValueKind.Number && cap.TryGetInt32(out var n) && n is >= 0 and <= 100_000)
            {
                MaxOrderItems = n;
            }
            else
            {
                Errors.Add(new FieldError("/" + capName, capName + " must be a whole number from 0 to 100000, or null."));
            }
        }

        if (body.TryGetProperty("eventType", out var eventType))
        {
            HasEventType = true;
            EventType = eventType.ValueKind == JsonValueKind.String ? eventType.GetString() : null;
        }

        if (body.TryGetProperty("payload", out var payload))
        {
            Payload = payload.Clone();
        }
    }
}

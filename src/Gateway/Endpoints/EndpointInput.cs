using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Ordering;
using Gateway.Delivery.Signing;
using Gateway.Filters;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Endpoints;

/// <summary>
/// The fields of a create (<see cref="NewEndpointInput"/>) or change (<see cref="EndpointChangeInput"/>) request, each
/// checked, with every error and its JSON pointer. Binding refuses only a body that is not a JSON object (415, 413,
/// 400); the field errors are carried to the handler, which adds those that need a service or the stored endpoint
/// (event types, URL checks, a change of kind) and answers them all in one problem.
/// </summary>
public abstract class EndpointInput
{
    private static readonly HashSet<string> s_reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "content-length", "content-type", "content-encoding", "user-agent", "expect",
    };

    /// <summary>The highest <c>rateLimit</c> (attempts a second) an endpoint may set.</summary>
    public const int MaxRateLimit = 10_000;

    public bool HasUrl { get; private set; }

    public string? Url { get; private set; }

    public bool HasDescription { get; private set; }

    public string? Description { get; private set; }

    public IReadOnlyList<string>? EventTypes { get; private set; }

    public bool HasFilter { get; private set; }

    public JsonElement? Filter { get; private set; }

    public string? Secret { get; private set; }

    public SignatureScheme? SignatureScheme { get; private set; }

    public bool HasSecretHeaders { get; private set; }

    public IReadOnlyDictionary<string, string>? SecretHeaders { get; private set; }

    public bool? SendTraceContext { get; private set; }

    public bool HasHeaders { get; private set; }

    public IReadOnlyDictionary<string, string>? Headers { get; private set; }

    public int? DelaySeconds { get; private set; }

    public bool HasMaxOrderItems { get; private set; }

    public int? MaxOrderItems { get; private set; }

    public bool HasMaxInFlight { get; private set; }

    public int? MaxInFlight { get; private set; }

    public bool HasRateLimit { get; private set; }

    public int? RateLimit { get; private set; }

    public bool HasOrdering { get; private set; }

    public OrderingSettings? Ordering { get; private set; }

    public bool? Disabled { get; private set; }

    public List<FieldError> Errors { get; }

    /// <summary>The destination fields: <c>kind</c>, <c>email</c>, <c>rabbitmq</c>.</summary>
    public DestinationInput Destination { get; }

    private protected EndpointInput()
    {
        Errors = [];
        Destination = new DestinationInput(Errors);
    }

    /// <summary>Reads the body into <paramref name="input"/>; a body that is not a JSON object throws <see cref="RejectedRequestException"/>.</summary>
    private protected static async ValueTask<T?> BindAsync<T>(HttpContext context, T input, bool isCreate)
        where T : EndpointInput
    {
        var (document, error) = await RequestJson.ReadObjectAsync(context.Request);
        if (error is not null)
        {
            throw new RejectedRequestException(error);
        }

        using (document)
        {
            input.Parse(document!.RootElement, isCreate);
        }

        return input;
    }

    /// <summary>The route's body as <see cref="EndpointRequest"/>, and the problems binding and the field checks answer.</summary>
    private protected static void Describe(EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(EndpointRequest)));
        ApiDocs.ProblemResponses.Add(builder.Metadata, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>422 with every error, or 400 when an address or subject tried to smuggle a header in (CR/LF).</summary>
    public ProblemHttpResult Rejected(string detail) =>
        Destination.Injection
            ? Problem.Create(StatusCodes.Status400BadRequest, "Bad request", detail + " A line break in an address or subject would inject a mail header.",
                new Dictionary<string, object?> { ["errors"] = Errors })
            : Problem.Validation(detail, Errors);

    private void Parse(JsonElement body, bool isCreate)
    {
        foreach (var property in body.EnumerateObject())
        {
            Read(property, isCreate);
        }

        if (isCreate)
        {
            CheckDestination(Destination.Kind ?? DestinationKind.Http);
        }

        if (Secret is not null && SignatureScheme == Delivery.Signing.SignatureScheme.V1a)
        {
            Errors.Add(new FieldError("/secret", "a v1a endpoint's Ed25519 key is generated by the gateway: leave secret out (the answer holds its publicKey)."));
        }

        foreach (var name in SecretHeaders?.Keys.Where(n => Headers?.ContainsKey(n) == true) ?? [])
        {
            Errors.Add(new FieldError($"/secretHeaders/{name}", $"'{name}' is in headers too: a header is either plain or secret."));
        }

        if (isCreate && EventTypes is null)
        {
            Errors.Add(new FieldError("/eventTypes", "eventTypes is required: a list of event types, 'order.*' or '*'."));
        }
    }

    private void Read(JsonProperty property, bool isCreate)
    {
        var value = property.Value;
        var path = "/" + property.Name;
        switch (property.Name)
        {
            case "url":
                HasUrl = true;
                Url = value.ValueKind == JsonValueKind.String ? value.GetString() : Error(path, "url must be a string.");
                break;
            case "description":
                HasDescription = true;
                Description = value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String when value.GetString()!.Length <= 500 => value.GetString(),
                    _ => Error(path, "description must be a string of at most 500 characters."),
                };
                break;
            case "eventTypes":
                EventTypes = ReadEventTypes(value, path);
                break;
            case "filter":
                HasFilter = true;
                Filter = ReadFilter(value, path);
                break;
            case "secret" when isCreate:
                Secret = value.ValueKind == JsonValueKind.Null ? null
                    : value.ValueKind == JsonValueKind.String ? (WebhookSecret.Validate(value.GetString()!) is { } why ? Error(path, why) : value.GetString())
                    : Error(path, "secret must be a string.");
                break;
            case "headers":
                HasHeaders = true;
                Headers = ReadHeaders(value, path);
                break;
            case "secretHeaders":
                HasSecretHeaders = true;
                SecretHeaders = ReadHeaders(value, path);
                break;
            case "signatureScheme":
                SignatureScheme = value.ValueKind == JsonValueKind.String && value.GetString() is "v1" or "v1a"
                    ? (value.GetString() == "v1a" ? Delivery.Signing.SignatureScheme.V1a : Delivery.Signing.SignatureScheme.V1)
                    : ErrorScheme(path);
                break;
            case "sendTraceContext":
                SendTraceContext = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : ErrorBool(path, "sendTraceContext must be true or false.");
                break;
            case "delaySeconds":
                DelaySeconds = ReadInt(value, path, 0, 7 * 24 * 3600) ?? 0;
                break;
            case "maxOrderItems" or "maxItems": // maxItems: its first name, still read
                if (HasMaxOrderItems)
                {
                    Errors.Add(new FieldError(path, "maxItems is the former name of maxOrderItems: send one of them."));
                }

                HasMaxOrderItems = true;
                MaxOrderItems = value.ValueKind == JsonValueKind.Null ? null : ReadInt(value, path, 0, 100_000);
                break;
            case "maxInFlight":
                HasMaxInFlight = true;
                MaxInFlight = value.ValueKind == JsonValueKind.Null ? null : ReadInt(value, path, 1, 1000);
                break;
            case "rateLimit":
                HasRateLimit = true;
                RateLimit = value.ValueKind == JsonValueKind.Null ? null : ReadInt(value, path, 1, MaxRateLimit);
                break;
            case "ordering":
                HasOrdering = true;
                Ordering = ReadOrdering(value, path);
                break;
            case "kind":
                Destination.ReadKind(value, path);
                break;
            case "email":
                Destination.ReadEmail(value, path);
                break;
            case "rabbitmq":
                Destination.ReadRabbitMq(value, path);
                break;
            case "disabled":
                Disabled = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : ErrorBool(path, "disabled must be true or false.");
                break;
            default:
                Errors.Add(new FieldError(path, isCreate || property.Name != "secret"
                    ? $"'{property.Name}' is not a field of an endpoint."
                    : "the secret is changed by POST /v1/endpoints/{id}/secret/rotate."));
                break;
        }
    }

    /// <summary>The fields that belong (or not) to an endpoint of <paramref name="kind"/>: a create names them all, a
    /// change only those it changes.</summary>
    public void CheckDestination(DestinationKind kind, bool isCreate = true)
    {
        if (kind == DestinationKind.Http)
        {
            if (isCreate && !HasUrl)
            {
                Errors.Add(new FieldError("/url", "url is required."));
            }
        }
        else if (HasUrl)
        {
            Errors.Add(new FieldError("/url", $"an endpoint of kind {DestinationInput.KindName(kind)} has no url: its destination is in \"{DestinationInput.KindName(kind)}\"."));
        }

        if (isCreate && kind == DestinationKind.Email && !Destination.HasEmail)
        {
            Errors.Add(new FieldError("/email", "an endpoint of kind email needs email: {\"from\", \"to\": [...], \"subject\", \"text\"?, \"html\"?}."));
        }

        if (isCreate && kind == DestinationKind.RabbitMq && !Destination.HasRabbitMq)
        {
            Errors.Add(new FieldError("/rabbitmq", "an endpoint of kind rabbitmq needs rabbitmq: {\"url\", \"exchange\", \"routingKey\"}."));
        }

        if (kind != DestinationKind.Email && Destination.HasEmail)
        {
            Errors.Add(new FieldError("/email", $"email belongs to endpoints of kind email, not {DestinationInput.KindName(kind)}."));
        }

        if (kind != DestinationKind.RabbitMq && Destination.HasRabbitMq)
        {
            Errors.Add(new FieldError("/rabbitmq", $"rabbitmq belongs to endpoints of kind rabbitmq, not {DestinationInput.KindName(kind)}."));
        }

        if (kind != DestinationKind.Http)
        {
            foreach (var (present, field) in new[] { (HasHeaders && Headers is { Count: > 0 }, "headers"), (HasSecretHeaders && SecretHeaders is { Count: > 0 }, "secretHeaders"), (SendTraceContext == true, "sendTraceContext") })
            {
                if (present)
                {
                    Errors.Add(new FieldError("/" + field, $"{field} apply to HTTP deliveries only."));
                }
            }
        }
    }

    private List<string>? ReadEventTypes(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Errors.Add(new FieldError(path, "eventTypes must be a non-empty list of strings."));
            return null;
        }

        var types = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                types.Add(item.GetString()!.Trim());
            }
            else
            {
                Errors.Add(new FieldError($"{path}/{index}", "each event type must be a non-empty string."));
            }

            index++;
        }

        return [.. types.Distinct(StringComparer.Ordinal)];
    }

    private JsonElement? ReadFilter(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var compiled = EventFilter.Compile(value);
        if (!compiled.Success)
        {
            foreach (var error in compiled.Errors)
            {
                Errors.Add(new FieldError(path + error.Path, error.Message));
            }

            return null;
        }

        return value.Clone();
    }

    // {"key"?: field name or JSON pointer (default objectId), "onExhausted"?: "skip" (default) | "pause"}; null turns ordering off.
    private OrderingSettings? ReadOrdering(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(new FieldError(path, "ordering must be an object such as {\"key\": \"objectId\", \"onExhausted\": \"skip\"}, or null to turn it off."));
            return null;
        }

        var settings = new OrderingSettings();
        var valid = true;
        foreach (var field in value.EnumerateObject())
        {
            var fieldPath = $"{path}/{field.Name.Replace("~", "~0").Replace("/", "~1")}";
            switch (field.Name)
            {
                case "key" when field.Value.ValueKind == JsonValueKind.String && GroupKey.IsValid(field.Value.GetString()!, out _):
                    settings = settings with { Key = field.Value.GetString()! };
                    break;
                case "key":
                    GroupKey.IsValid(field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : "", out var why);
                    Errors.Add(new FieldError(fieldPath, field.Value.ValueKind == JsonValueKind.String ? why! : "ordering.key must be a string: a field name such as \"objectId\", or a JSON pointer such as \"/order/id\"."));
                    valid = false;
                    break;
                case "onExhausted" when field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() is "skip" or "pause":
                    settings = settings with { OnExhausted = field.Value.GetString() == "pause" ? ExhaustedAction.Pause : ExhaustedAction.Skip };
                    break;
                case "onExhausted":
                    Errors.Add(new FieldError(fieldPath, "ordering.onExhausted must be \"skip\" or \"pause\"."));
                    valid = false;
                    break;
                default:
                    Errors.Add(new FieldError(fieldPath, $"'{field.Name}' is not a field of ordering (key, onExhausted)."));
                    valid = false;
                    break;
            }
        }

        return valid ? settings : null;
    }

    private Dictionary<string, string>? ReadHeaders(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(new FieldError(path, "headers must be an object of header names to string values."));
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in value.EnumerateObject())
        {
            var headerPath = $"{path}/{header.Name.Replace("~", "~0").Replace("/", "~1")}";
            if (header.Name.Length is 0 or > 64 || !header.Name.All(IsTokenChar))
            {
                Errors.Add(new FieldError(headerPath, "header names are HTTP tokens of at most 64 characters."));
            }
            else if (IsReserved(header.Name))
            {
                Errors.Add(new FieldError(headerPath, $"'{header.Name}' is set by the gateway (or read by webhook verifiers) and cannot be set."));
            }
            else if (header.Value.ValueKind != JsonValueKind.String || header.Value.GetString()!.Length > 1024 || !header.Value.GetString()!.All(IsHeaderValueChar))
            {
                // The HTTP client refuses anything else when it sends, so every delivery of the endpoint would fail.
                Errors.Add(new FieldError(headerPath, "header values are strings of at most 1024 printable ASCII characters (spaces and tabs allowed, no control characters, line breaks or non-ASCII)."));
            }
            else
            {
                headers[header.Name] = header.Value.GetString()!;
            }
        }

        if (headers.Count > 20)
        {
            Errors.Add(new FieldError(path, "at most 20 custom headers."));
        }

        return headers;
    }

    private int? ReadInt(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Errors.Add(new FieldError(path, $"{path[1..]} must be a whole number from {min} to {max}."));
        return null;
    }

    private string? Error(string path, string message)
    {
        Errors.Add(new FieldError(path, message));
        return null;
    }

    private SignatureScheme? ErrorScheme(string path)
    {
        Errors.Add(new FieldError(path, "signatureScheme must be \"v1\" (HMAC-SHA256, whsec_ secret) or \"v1a\" (Ed25519, whpk_ public key)."));
        return null;
    }

    private bool? ErrorBool(string path, string message)
    {
        Errors.Add(new FieldError(path, message));
        return null;
    }

    // webhook-* are the Standard Webhooks headers the gateway signs with; svix-* are the same headers under the
    // names the Svix libraries read first, so a tenant-set svix-id made every delivery fail verification.
    private static bool IsReserved(string name) =>
        name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("svix-", StringComparison.OrdinalIgnoreCase)
        || s_reservedHeaders.Contains(name);

    private static bool IsHeaderValueChar(char c) => c == '\t' || c is >= ' ' and <= '~';

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}

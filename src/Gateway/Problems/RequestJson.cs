using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Schemas;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Problems;

/// <summary>Reads a JSON request body with the API's errors: 415 wrong content type, 400 malformed, 413 too large.</summary>
public static class RequestJson
{
    public static bool IsJsonContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    public static ProblemHttpResult UnsupportedMediaType() =>
        Problem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as 'Content-Type: application/json'.");

    public static ProblemHttpResult TooLarge(long limit) =>
        Problem.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {limit} bytes.");

    /// <summary>
    /// Documents a route's JSON body as <paramref name="documented"/>, with the problems <see cref="ReadObjectAsync"/>
    /// and the field checks answer. It names no content types: routing turns an endpoint's accepted types into a 415
    /// of its own before the handler runs (without this API's detail, and refusing <c>application/*+json</c>, which
    /// this class reads). The document still shows the body as application/json, the generator's default.
    /// </summary>
    public static void DescribeBody(EndpointBuilder builder, Type documented, bool isOptional = false)
    {
        builder.Metadata.Add(new AcceptsMetadata([], documented, isOptional));
        ApiDocs.ProblemResponses.Add(builder.Metadata, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>
    /// Binds an <see cref="IJsonRequest{TSelf}"/>: <see cref="ReadObjectAsync"/>'s checks, the record's
    /// <see cref="IJsonRequest{TSelf}.Read"/>, then its own <see cref="IJsonRequest{TSelf}.Validate"/>. A failure
    /// throws <see cref="RejectedRequestException"/> with its problem.
    /// </summary>
    public static async ValueTask<T?> BindAsync<T>(HttpRequest request)
        where T : class, IJsonRequest<T>
    {
        if (T.BodyIsOptional && (request.ContentLength == 0
            || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }))
        {
            return Validated(JsonSerializer.Deserialize<T>("{}", GatewayJson.Options)!);
        }

        using (var document = await ReadBoundObjectAsync(request, T.MaxBytes))
        {
            return Validated(T.Read(document.RootElement));
        }

        static T Validated(T value)
        {
            var errors = value.Validate().ToList();
            return errors.Count == 0 ? value : throw new RejectedRequestException(Problem.Validation(T.InvalidDetail, errors));
        }
    }

    /// <summary><see cref="ReadObjectAsync"/> for a parameter being bound: a body it refuses throws <see cref="RejectedRequestException"/>.</summary>
    public static async Task<JsonDocument> ReadBoundObjectAsync(HttpRequest request, long maxBytes = 1024 * 1024)
    {
        var (document, error) = await ReadObjectAsync(request, maxBytes);
        return error is null ? document! : throw new RejectedRequestException(error);
    }

    /// <summary>
    /// The API's policy for fields it does not know, the same on every route: a request object with one is refused
    /// (422, the pointer of each), since a misspelt optional field silently ignored does the wrong thing quietly.
    /// Free-form parts (an event document, a schema, a filter, a test payload, an order's items) are not request
    /// objects and are not checked.
    /// </summary>
    public static ProblemHttpResult? RefuseUnknownFields(JsonElement body, string what, IReadOnlyCollection<string> known)
    {
        List<FieldError>? errors = null;
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                (errors ??= []).Add(new FieldError("/" + JsonPointer.Escape(property.Name), $"'{property.Name}' is not a field of this request; its fields are {string.Join(", ", known)}."));
            }
        }

        return errors is null ? null : Problem.Validation($"The body has fields that {what} does not have.", errors);
    }

    /// <summary>The JSON names of <typeparamref name="T"/>'s properties, as the API reads them.</summary>
    public static IReadOnlyCollection<string> FieldsOf<T>() => FieldNames<T>.Names;

    private static class FieldNames<T>
    {
        public static readonly string[] Names = [.. GatewayJson.Options.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name)];
    }

    /// <summary>Parses a JSON object body; on failure returns the problem to answer with.</summary>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Error)> ReadObjectAsync(HttpRequest request, long maxBytes = 1024 * 1024)
    {
        if (!IsJsonContentType(request))
        {
            return (null, UnsupportedMediaType());
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Problem.BadRequest("The body must be a JSON object."));
            }

            if (JsonText.FindInvalidString(document.RootElement) is { } path)
            {
                document.Dispose();
                return (null, Problem.InvalidUnicode(path));
            }

            if (JsonText.FindDuplicateName(document.RootElement) is { } duplicate)
            {
                document.Dispose();
                return (null, Problem.DuplicateName(duplicate));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }
}

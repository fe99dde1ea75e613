using System.Text.Json;

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

    public static IResult UnsupportedMediaType() =>
        Problem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as 'Content-Type: application/json'.");

    public static IResult TooLarge(long limit) =>
        Problem.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {limit} bytes.");

    /// <summary>Parses a JSON object body; on failure returns the problem to answer with.</summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadObjectAsync(HttpRequest request, long maxBytes = 1024 * 1024)
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

            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }
}

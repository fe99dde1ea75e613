using System.Text.Json;
using Gateway.Delivery.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Problems;

/// <summary>
/// The body of a route where it is optional (issue a key, rotate a secret): no body means the defaults, but a
/// body that is there must be a JSON object of the right shape. Framework binding of <c>T?</c> reads a JSON
/// <c>null</c> body as "no body", so such a request issued a key or rotated a secret.
/// </summary>
public static class OptionalJsonBody
{
    /// <summary>The request, null when there is no body, or the problem to answer (400, 413, 415).</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return (null, null);
        }

        var (document, error) = await RequestJson.ReadObjectAsync(request, maxBytes: 64 * 1024);
        if (error is not null)
        {
            return (null, error);
        }

        using (document)
        {
            if (RequestJson.RefuseUnknownFields(document!.RootElement, typeof(T).Name, RequestJson.FieldsOf<T>()) is { } unknown)
            {
                return (null, unknown);
            }

            try
            {
                return (document!.RootElement.Deserialize<T>(GatewayJson.Options), null);
            }
            catch (JsonException ex)
            {
                return (null, Problem.BadRequest($"The body does not have the expected shape: {ex.Message}"));
            }
        }
    }
}

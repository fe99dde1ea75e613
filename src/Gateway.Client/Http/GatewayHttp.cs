using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Client.Http;

/// <summary>Sends one call: the key, the JSON body, and an error status turned into <see cref="GatewayApiException"/>.</summary>
internal sealed class GatewayHttp(HttpClient http, GatewayClientOptions options)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public GatewayClientOptions Options => options;

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public async Task<T> SendAsync<T>(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? idempotencyKey = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await SendCoreAsync(method, path, body, idempotencyKey, cancellationToken, headers);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, null, cancellationToken);
    }

    /// <summary>The successful response; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            // Bytes, not a stream: a retry sends the same content again.
            var bytes = body is JsonElement element ? JsonSerializer.SerializeToUtf8Bytes(element, Json) : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json);
            request.Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
        ?? throw new InvalidOperationException($"The gateway answered {(int)response.StatusCode} with no body.");

    private static async Task<GatewayApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        GatewayProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json" && text.Length > 0)
        {
            try
            {
                problem = JsonSerializer.Deserialize<GatewayProblem>(text, Json);
            }
            catch (JsonException)
            {
                // Not a problem document after all: the exception carries the text instead.
            }
        }

        return new GatewayApiException(response.StatusCode, problem, RetryAfter(response), problem is null ? text : null);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}

using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadDriver.Ingestion;

/// <summary>A created endpoint as the gateway answered it.</summary>
internal sealed record CreatedEndpoint(string Id, string Secret);

/// <summary>The setup calls of a run: one tenant, its endpoints, and their removal afterwards.</summary>
internal sealed class GatewayClient(HttpClient http)
{
    /// <summary>Creates a tenant and returns its API key.</summary>
    public async Task<string> CreateTenantAsync(string adminKey, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/tenants") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var json = await SendAsync(request, cancellationToken);
        return json.RootElement.GetProperty("apiKey").GetString() ?? throw new InvalidOperationException("The tenant has no apiKey.");
    }

    private static readonly JsonSerializerOptions s_leaveOutNulls = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <param name="ordered">Deliver in order per <c>objectId</c> (the gateway's ordering setting).</param>
    /// <returns>The endpoint and what its deliveries verify with: the <c>whsec_</c> secret, or the <c>whpk_</c> public key of a v1a endpoint.</returns>
    public async Task<CreatedEndpoint> CreateEndpointAsync(string apiKey, Uri url, bool ordered, string signatureScheme, CancellationToken cancellationToken)
    {
        // The default scheme is left out, so that the driver also runs against builds that predate the field.
        var scheme = signatureScheme == "v1" ? null : signatureScheme;
        object body = ordered
            ? new { url = url.ToString(), eventTypes = new[] { "*" }, description = "load driver", signatureScheme = scheme, ordering = new { key = "objectId" } }
            : new { url = url.ToString(), eventTypes = new[] { "*" }, description = "load driver", signatureScheme = scheme };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/endpoints") { Content = JsonContent.Create(body, options: s_leaveOutNulls) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var json = await SendAsync(request, cancellationToken);
        var root = json.RootElement;
        return new CreatedEndpoint(
            root.GetProperty("id").GetString() ?? throw new InvalidOperationException("The endpoint has no id."),
            (root.TryGetProperty("secret", out var secret) ? secret : root.GetProperty("publicKey")).GetString()
                ?? throw new InvalidOperationException("The endpoint has no secret or public key."));
    }

    /// <summary>Best effort, so a gateway that outlives the run stops retrying into a closed receiver.</summary>
    public async Task DeleteEndpointAsync(string apiKey, string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/endpoints/{Uri.EscapeDataString(id)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
        }
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text);
    }
}

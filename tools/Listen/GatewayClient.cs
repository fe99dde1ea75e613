using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Listen;

/// <summary>The two calls the tool makes: register the receiver as an endpoint, and delete it.</summary>
public sealed class GatewayClient(ListenOptions options) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = options.Gateway,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey) },
    };

    public async Task<(string Id, string Secret)> RegisterAsync(string url, CancellationToken cancellationToken)
    {
        var response = await _http.PostAsJsonAsync("v1/endpoints", new { url, eventTypes = options.EventTypes, description = "listen tool (deleted on exit)" }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var hint = text.Contains("/url", StringComparison.Ordinal)
                ? "\nThe gateway refuses loopback URLs unless it runs with Security__AllowPrivateNetworks=true Security__AllowHttp=true."
                : "";
            throw new InvalidOperationException($"registering the endpoint answered {(int)response.StatusCode}: {text}{hint}");
        }

        var body = JsonDocument.Parse(text).RootElement;
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    public async Task DeleteAsync(string endpointId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _http.DeleteAsync($"v1/endpoints/{endpointId}", timeout.Token);
    }

    public void Dispose() => _http.Dispose();
}

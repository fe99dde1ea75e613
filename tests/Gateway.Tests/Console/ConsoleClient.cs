using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Console;

/// <summary>A browser-like HTTP client of the console: cookies kept, no Authorization header, the CSRF token at hand.</summary>
public sealed class ConsoleClient(HttpClient http, string csrfToken, string sessionId)
{
    public HttpClient Http { get; } = http;

    public string CsrfToken { get; } = csrfToken;

    public string SessionId { get; } = sessionId;

    /// <summary>Asks for a link with <paramref name="issuer"/> (tenant or admin client) and opens it.</summary>
    public static async Task<ConsoleClient> OpenAsync(GatewayFactory factory, HttpClient issuer, string linkPath = "/v1/console-sessions")
    {
        var token = await LinkTokenAsync(issuer, linkPath);
        var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var opened = await http.PostAsJsonAsync("/console/session", new { token });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var body = await opened.Content.ReadFromJsonAsync<JsonElement>();
        return new ConsoleClient(http, body.GetProperty("csrfToken").GetString()!, body.GetProperty("id").GetString()!);
    }

    public static async Task<string> LinkTokenAsync(HttpClient issuer, string linkPath = "/v1/console-sessions")
    {
        var response = await issuer.PostAsync(linkPath, null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        return url[(url.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (withCsrf)
        {
            request.Headers.Add("X-CSRF-Token", CsrfToken);
        }

        return Http.SendAsync(request);
    }
}

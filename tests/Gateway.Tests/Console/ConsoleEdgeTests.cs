using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Console;

/// <summary>
/// The console behind a proxy, on real Kestrel at 127.0.0.1: forwarded headers believed only from a configured
/// proxy, links built only from the public URL or an allowed host, a Secure <c>__Host-</c> cookie and HSTS over https.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ConsoleEdgeTests(RedisFixture store)
{
    [Fact]
    public async Task Link_RequestedWithAHostThatIsNotAllowed_IsRefused_AndNeverPointsThere()
    {
        await using var host = ConsoleHost.Start(store);
        var tenant = await host.CreateTenantAsync("shop");

        var response = await SendAsync(tenant.Http, HttpMethod.Post, "/v1/console-sessions", new() { ["Host"] = "evil.example" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync());
        Assert.Empty((await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/console-sessions")).GetProperty("links").EnumerateArray());
    }

    [Fact]
    public async Task Link_WithPublicUrlSet_IsBuiltFromIt_WhateverTheHost()
    {
        await using var host = ConsoleHost.Start(store, new Dictionary<string, string?> { ["Console:PublicUrl"] = "https://hooks.example.com/" });
        var tenant = await host.CreateTenantAsync("shop");

        var response = await SendAsync(tenant.Http, HttpMethod.Post, "/v1/console-sessions", new() { ["Host"] = "evil.example" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("https://hooks.example.com/console/open#token=gwc_", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task ForwardedHeaders_FromASenderNotConfigured_AreIgnored()
    {
        await using var host = ConsoleHost.Start(store);
        var tenant = await host.CreateTenantAsync("shop");
        var forged = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "evil.example" };

        var link = await SendAsync(tenant.Http, HttpMethod.Post, "/v1/console-sessions", forged);
        var url = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var opened = await OpenAsync(host, url, forged);

        Assert.StartsWith(host.BaseUrl + "/console/open#token=", url);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("gw_console=", cookie);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(opened.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHeaders_FromAConfiguredProxy_GiveHttpsLinks_ASecureHostPrefixedCookie_AndHsts()
    {
        await using var host = ConsoleHost.Start(store, new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Console:AllowedHosts:0"] = "hooks.example.com",
        });
        var tenant = await host.CreateTenantAsync("shop");
        var viaProxy = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "hooks.example.com", ["X-Forwarded-For"] = "203.0.113.9" };

        var link = await SendAsync(tenant.Http, HttpMethod.Post, "/v1/console-sessions", viaProxy);
        var url = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var opened = await OpenAsync(host, url, viaProxy);
        var hostile = await SendAsync(tenant.Http, HttpMethod.Post, "/v1/console-sessions", new() { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "evil.example" });

        Assert.StartsWith("https://hooks.example.com/console/open#token=gwc_", url);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-gw_console=", cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000", opened.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);

        // Over https the session is read only from the prefixed cookie.
        var value = cookie.Split(';')[0].Split('=', 2)[1];
        var withPrefix = await SendAsync(host.Client(), HttpMethod.Get, "/v1/endpoints", new(viaProxy) { ["Cookie"] = $"__Host-gw_console={value}" });
        var withoutPrefix = await SendAsync(host.Client(), HttpMethod.Get, "/v1/endpoints", new(viaProxy) { ["Cookie"] = $"gw_console={value}" });
        Assert.Equal(HttpStatusCode.OK, withPrefix.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutPrefix.StatusCode);
    }

    private static async Task<HttpResponseMessage> OpenAsync(ConsoleHost host, string url, Dictionary<string, string> headers)
    {
        var token = url[(url.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(host.BaseUrl) };
        return await SendAsync(client, HttpMethod.Post, "/console/session", headers, new { token });
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Dictionary<string, string> headers, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return client.SendAsync(request);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Console;

/// <summary>Answers that carry secrets or tokens are never cached or sniffed; the API reference cannot be framed or run foreign script.</summary>
[Collection(RedisCollection.Name)]
public sealed class ConsoleHardeningTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task SessionAndSecretAnswers_AndTheirErrors_AreNoStoreAndNosniff()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["order.*"])).GetProperty("id").GetString();
        var console = await ConsoleClient.OpenAsync(Factory, tenant.Http);

        var answers = new[]
        {
            await console.Http.GetAsync("/console/session"),
            await Factory.CreateClient().GetAsync("/console/session"),
            await tenant.Http.GetAsync($"/v1/endpoints/{endpointId}/secret"),
            await tenant.Http.PostAsync($"/v1/endpoints/{endpointId}/secret/rotate", null),
            await tenant.Http.PostAsync("/v1/keys", null),
            await Factory.AdminClient().GetAsync("/admin/tenants"),
            await tenant.Http.GetAsync("/v1/endpoints/ep_nope/secret"),
        };

        foreach (var answer in answers)
        {
            Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NotFound], answers.Select(a => a.StatusCode));
    }

    [Fact]
    public async Task Docs_HaveAScriptPolicyAndCannotBeFramed()
    {
        var page = await Factory.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Matches("script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task CreateEndpoint_FromTheConsole_DoesNotAnswerTheSecret_WithAKeyItDoes()
    {
        var tenant = await Factory.CreateTenantAsync();
        var console = await ConsoleClient.OpenAsync(Factory, tenant.Http);
        var endpoint = new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "order.*" } };

        var fromConsole = await (await console.SendAsync(HttpMethod.Post, "/v1/endpoints", endpoint)).Content.ReadFromJsonAsync<JsonElement>();
        var fromKey = await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["order.*"]);

        Assert.False(fromConsole.TryGetProperty("secret", out _), fromConsole.ToString());
        Assert.StartsWith("whsec_", fromKey.GetProperty("secret").GetString());
        var revealed = await console.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{fromConsole.GetProperty("id").GetString()}/secret");
        Assert.StartsWith("whsec_", revealed.GetProperty("secret").GetString());
    }
}

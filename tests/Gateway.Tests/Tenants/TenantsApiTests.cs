using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tenants;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Tenants;

[Collection(RedisCollection.Name)]
public sealed class TenantsApiTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task CreateTenant_WithoutAdminKey_Is401Problem()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/admin/tenants", new { name = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateTenant_ReturnsKeyOnce_StoresOnlyItsHash()
    {
        var response = await Factory.AdminClient().PostAsJsonAsync("/admin/tenants", new { name = "Shop One" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = body.GetProperty("apiKey").GetString()!;
        Assert.StartsWith(ApiKeys.Prefix, apiKey);
        Assert.True(Convert.FromBase64String(Base64Pad(apiKey[ApiKeys.Prefix.Length..])).Length >= 32);

        var db = Factory.Store.Database;
        var server = Factory.Store.Connection.GetServer(Factory.Store.Connection.GetEndPoints()[0]);
        foreach (var key in server.Keys(pattern: Factory.KeyPrefix + ":*"))
        {
            var type = await db.KeyTypeAsync(key);
            var dump = type switch
            {
                StackExchange.Redis.RedisType.String => (string?)await db.StringGetAsync(key),
                StackExchange.Redis.RedisType.Hash => string.Join(",", (await db.HashGetAllAsync(key)).Select(e => e.Value.ToString())),
                _ => "",
            };
            Assert.DoesNotContain(apiKey, dump ?? "");
            Assert.DoesNotContain(apiKey, key.ToString());
        }

        var detail = await Factory.AdminClient().GetFromJsonAsync<JsonElement>($"/admin/tenants/{body.GetProperty("id").GetString()}");
        Assert.False(detail.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task RotateKey_NewKeyWorks_RevokedKeyIs401()
    {
        var tenant = await Factory.CreateTenantAsync();
        var issued = await tenant.Http.PostAsJsonAsync("/v1/keys", new { });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var newKey = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;

        var keys = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/keys");
        var oldKeyId = keys.GetProperty("data").EnumerateArray().First().GetProperty("keyId").GetString();
        var revoke = await tenant.Http.DeleteAsync($"/v1/keys/{oldKeyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Http.GetAsync("/v1/keys")).StatusCode);
        var fresh = Factory.CreateClient();
        fresh.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", newKey);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task Revocation_ReachesAnotherProcessWithinASecond()
    {
        await using var other = new GatewayFactoryTwin(Factory, store);
        var tenant = await Factory.CreateTenantAsync();
        var otherClient = other.Factory.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/v1/keys")).StatusCode);

        var keys = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/keys");
        var keyId = keys.GetProperty("data").EnumerateArray().First().GetProperty("keyId").GetString();
        await Factory.AdminClient().DeleteAsync($"/admin/tenants/{tenant.Id}/keys/{keyId}");

        var deadline = DateTime.UtcNow.AddSeconds(1);
        HttpStatusCode status;
        do
        {
            status = (await otherClient.GetAsync("/v1/keys")).StatusCode;
        }
        while (status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private static string Base64Pad(string urlSafe)
    {
        var s = urlSafe.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}

[Collection(RedisCollection.Name)]
public sealed class BoundBodyErrorTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("/admin/tenants", "{\"name\": ", "application/json", 400)]
    [InlineData("/admin/tenants", "name=x", "text/plain", 415)]
    [InlineData("/admin/tenants", "[1,2]", "application/json", 400)]
    public async Task AdminBody_ClientMistakes_AreProblemJson4xx(string path, string body, string contentType, int status)
    {
        var response = await Factory.AdminClient().PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, contentType));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/v1/keys")]
    [InlineData("/v1/event-types")]
    public async Task TenantBody_Malformed_IsProblemJson400(string path)
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsync(path, new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemJson()
    {
        var response = await Factory.CreateClient().GetAsync("/v1/nothing-here");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Every route that takes a body answers a malformed one with a 4xx problem, never a 5xx.</summary>
[Collection(RedisCollection.Name)]
public sealed class MalformedBodySweepTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task EveryBodyRoute_MalformedJson_Is4xxProblem()
    {
        var tenant = await Factory.CreateTenantAsync();
        var routes = Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .Where(r => r.Method is "POST" or "PUT" or "PATCH")
            .ToList();
        Assert.NotEmpty(routes);

        var failures = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", "x1");
            foreach (var client in new[] { tenant.Http, Factory.AdminClient() })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{oops", System.Text.Encoding.UTF8, "application/json") };
                var response = await client.SendAsync(request);
                var code = (int)response.StatusCode;
                if (code >= 500 || (code >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    failures.Add($"{method} {path}: {code} {response.Content.Headers.ContentType?.MediaType}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

[Collection(RedisCollection.Name)]
public sealed class QueryMistakeTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("/v1/dead-letters?limit=abc")]
    [InlineData("/v1/dead-letters?limit=0")]
    [InlineData("/v1/dead-letters?limit=100000")]
    [InlineData("/v1/logs?limit=abc")]
    [InlineData("/v1/logs?state=teleported")]
    [InlineData("/v1/stats?from=yesterday")]
    [InlineData("/v1/stats?granularity=fortnight")]
    [InlineData("/v1/dead-letters?cursor=%7Bnot-a-cursor")]
    [InlineData("/v1/dead-letters?endpointId=ep_x&cursor=%7Bnot-a-cursor")]
    public async Task BadQueryParameters_Are4xxProblemJson(string path)
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.GetAsync(path);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

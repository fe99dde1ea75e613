using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tenants;
using Gateway.Tests.Infrastructure;

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

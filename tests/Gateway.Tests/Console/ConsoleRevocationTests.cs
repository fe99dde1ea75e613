using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Console;

/// <summary>Console access ends when it is revoked: unopened links as well as sessions, and everything a revoked key issued.</summary>
[Collection(RedisCollection.Name)]
public sealed class ConsoleRevocationTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task UnopenedLink_IsListed_AndRevokeAll_TakesItBack()
    {
        var tenant = await Factory.CreateTenantAsync();
        var session = await ConsoleClient.OpenAsync(Factory, tenant.Http);
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);

        var listed = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/console-sessions");
        Assert.Single(listed.GetProperty("data").EnumerateArray());
        var link = Assert.Single(listed.GetProperty("links").EnumerateArray());
        Assert.StartsWith("cl_", link.GetProperty("id").GetString());
        Assert.DoesNotContain(token, listed.ToString());

        var all = await tenant.Http.DeleteAsync("/v1/console-sessions");

        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await OpenAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("/v1/endpoints")).StatusCode);
        Assert.Empty((await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/console-sessions")).GetProperty("links").EnumerateArray());
    }

    [Fact]
    public async Task AdminRevokeAll_TakesBackUnopenedLinksToo()
    {
        var tenant = await Factory.CreateTenantAsync();
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);
        var admin = Factory.AdminClient();
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/admin/tenants/{tenant.Id}/console-sessions")).GetProperty("links").EnumerateArray());

        var all = await admin.DeleteAsync($"/admin/tenants/{tenant.Id}/console-sessions");

        Assert.Equal(1, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await OpenAsync(token)).StatusCode);
    }

    [Fact]
    public async Task RevokeOneLink_ById_ItCannotBeOpened_OthersCan()
    {
        var tenant = await Factory.CreateTenantAsync();
        var created = await (await tenant.Http.PostAsync("/v1/console-sessions", null)).Content.ReadFromJsonAsync<JsonElement>();
        var revokedToken = TokenOf(created);
        var keptToken = await ConsoleClient.LinkTokenAsync(tenant.Http);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/console-sessions/{created.GetProperty("id").GetString()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await OpenAsync(revokedToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(keptToken)).StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RevokingAKey_EndsTheLinksAndSessionsItIssued_AndNoOthers(bool byAdmin)
    {
        var tenant = await Factory.CreateTenantAsync();
        var issued = await (await tenant.Http.PostAsync("/v1/keys", null)).Content.ReadFromJsonAsync<JsonElement>();
        var stolen = Factory.CreateClient();
        stolen.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("apiKey").GetString());
        var stolenSession = await ConsoleClient.OpenAsync(Factory, stolen);
        var stolenLink = await ConsoleClient.LinkTokenAsync(stolen);
        var ownSession = await ConsoleClient.OpenAsync(Factory, tenant.Http);
        var ownLink = await ConsoleClient.LinkTokenAsync(tenant.Http);
        var keyId = issued.GetProperty("keyId").GetString();

        var revoked = byAdmin
            ? await Factory.AdminClient().DeleteAsync($"/admin/tenants/{tenant.Id}/keys/{keyId}")
            : await tenant.Http.DeleteAsync($"/v1/keys/{keyId}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stolen.GetAsync("/v1/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stolenSession.Http.GetAsync("/v1/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await OpenAsync(stolenLink)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownSession.Http.GetAsync("/v1/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(ownLink)).StatusCode);
    }

    private Task<HttpResponseMessage> OpenAsync(string token) => Factory.CreateClient().PostAsJsonAsync("/console/session", new { token });

    private static string TokenOf(JsonElement created)
    {
        var url = created.GetProperty("url").GetString()!;
        return url[(url.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Tenants;

/// <summary>
/// The authentication schemes and policies: every refusal is a 401 problem that says what to send, a credential of
/// the wrong kind is refused like a missing one, and the order APIs take the admin key only for a named tenant.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class AuthenticationPolicyTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("/v1/endpoints", null, "Send the tenant API key")]
    [InlineData("/v1/endpoints", "Basic eDp5", "Send the tenant API key")]
    [InlineData("/v1/endpoints", "Bearer gw_unknown", "unknown or revoked")]
    [InlineData("/admin/tenants", null, "Send the admin key")]
    [InlineData("/admin/tenants", "Bearer gw_unknown", "unknown or revoked")]
    [InlineData("/console/session", null, "No console session")]
    public async Task Refused_Is401ProblemSayingWhatToSend(string path, string? authorization, string detail)
    {
        var client = Factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        await AssertRefusedAsync(await client.GetAsync(path), detail);
    }

    [Fact]
    public async Task TenantKeyOnAdminRoute_AndAdminKeyOnTenantRoute_AreRefused()
    {
        var tenant = await Factory.CreateTenantAsync();

        await AssertRefusedAsync(await tenant.Http.GetAsync("/admin/tenants"), "Send the admin key");
        await AssertRefusedAsync(await Factory.AdminClient().GetAsync("/v1/endpoints"), "Send the tenant API key");
    }

    [Fact]
    public async Task OrderApi_AdminKeyActsForTheNamedTenantOnly()
    {
        var tenant = await Factory.CreateTenantAsync();
        var admin = Factory.AdminClient();

        var unnamed = await admin.GetAsync("/v1/orders/ORD-1");
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("application/problem+json", unnamed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/orders/ORD-1?tenantId=ten_nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/orders/ORD-1?tenantId={tenant.Id}")).StatusCode);
        await AssertRefusedAsync(await Factory.CreateClient().GetAsync("/v1/orders/ORD-1"), "Send the tenant API key");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string detail)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }
}
